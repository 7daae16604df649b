using System.Numerics;
using Dvpn.Client.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dvpn.Client.Tests.Configuration;

public sealed class DvpnClientOptionsTests
{
    private static DvpnClientOptions Valid() => new()
    {
        DataDirectory = "/var/lib/dvpn",
        Chain = new ChainOptions
        {
            RpcUrls = [new Uri("http://127.0.0.1:8545")],
            ChainId = 31337,
            Lottery = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            Directory = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        },
        Wallet = new WalletOptions { SignerKeystorePath = "/etc/dvpn/signer.json", SignerPassphraseFile = "/etc/dvpn/signer.pass" },
    };

    [Fact]
    public void Validate_CompleteOptionsWithDefaults_Succeeds()
    {
        ValidateOptionsResult result = new DvpnClientOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EmptyOptions_NamesEveryMissingSetting()
    {
        ValidateOptionsResult result = new DvpnClientOptionsValidator().Validate(null, new DvpnClientOptions());

        Assert.True(result.Failed);
        foreach (string setting in new[] { "DataDirectory", "Chain:RpcUrls", "Chain:ChainId", "Chain:Lottery", "Chain:Directory", "Wallet:SignerKeystorePath" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(setting + ":", StringComparison.Ordinal));
        }
    }

    public static TheoryData<string, Action<DvpnClientOptions>> OutOfRange => new()
    {
        { "Payment:PrepayBytes", o => o.Payment.PrepayBytes = (4 * 1024 * 1024) + 1 },
        { "Payment:Efficiency", o => o.Payment.Efficiency = 1 },
        { "Payment:PaceInterval", o => o.Payment.PaceInterval = TimeSpan.FromMilliseconds(1) },
        { "Spending:PerDay", o => o.Spending.PerDay = -1 },
        { "Spending:WarnAt", o => o.Spending.WarnAt = 0 },
        { "Tunnel:InterfaceName", o => o.Tunnel.InterfaceName = "a-name-much-too-long" },
        { "Selection:Allow/Deny", o => o.Selection.Deny.Add("not-an-address") },
        { "Wallet:FunderAddress", o => o.Chain.ChainId = 8453 }, // a real chain needs a separate funder
        { "Reconnect:MaxBackoff", o => o.Reconnect.MaxBackoff = TimeSpan.FromMilliseconds(1) },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Validate_SettingOutOfRange_FailsNamingTheSetting(string setting, Action<DvpnClientOptions> spoil)
    {
        DvpnClientOptions options = Valid();
        spoil(options);

        ValidateOptionsResult result = new DvpnClientOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(setting + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_AmountsFromConfiguration_ReachTheBigIntegerSettings()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dvpn:Spending:PerDay"] = "50000000000000000000000", // beyond ulong
            ["Dvpn:Selection:MaxPricePerGiB"] = "1000000000000000",
        }).Build();
        var options = new DvpnClientOptions();

        configuration.GetSection("Dvpn").Bind(options);

        Assert.Equal(BigInteger.Parse("50000000000000000000000", System.Globalization.CultureInfo.InvariantCulture), options.Spending.PerDay);
        Assert.Equal(new BigInteger(1_000_000_000_000_000), options.Selection.MaxPricePerGiB);
    }

    [Fact]
    public void AddDvpnClient_Twice_RegistersOneClientAndOneHostedService()
    {
        var services = new ServiceCollection();
        services.AddDvpnClient(o =>
        {
            DvpnClientOptions valid = Valid();
            (o.DataDirectory, o.Chain, o.Wallet) = ("/a", valid.Chain, valid.Wallet);
        });
        services.AddDvpnClient(o => o.Tunnel.InterfaceName = "dvpn1");

        Assert.Single(services, d => d.ServiceType == typeof(DvpnClient));
        Assert.Single(services, d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<DvpnClientOptions>));
        using ServiceProvider provider = services.BuildServiceProvider();
        DvpnClientOptions bound = provider.GetRequiredService<IOptions<DvpnClientOptions>>().Value;
        Assert.Equal("/a", bound.DataDirectory);
        Assert.Equal("dvpn1", bound.Tunnel.InterfaceName);
    }

    [Theory]
    [InlineData("Wallet:SignerPassphraseFile")]
    [InlineData("Wallet:SignerKeystorePath")]
    public async Task StartAsync_AKeyFileThatCannotBeRead_FailsNamingTheSetting(string setting)
    {
        string directory = Directory.CreateTempSubdirectory("dvpn-keyfile-").FullName;
        try
        {
            DvpnClientOptions options = Valid();
            options.DataDirectory = Path.Combine(directory, "data");
            string passphrase = Path.Combine(directory, "signer.pass");
            await File.WriteAllTextAsync(passphrase, "secret");
            options.Wallet.SignerPassphraseFile = setting.EndsWith("PassphraseFile", StringComparison.Ordinal) ? Path.Combine(directory, "missing", "signer.pass") : passphrase;
            options.Wallet.SignerKeystorePath = Path.Combine(directory, "missing.json");
            await using DvpnClient client = DvpnClient.Create(options);

            OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(() => client.StartAsync());

            string failure = Assert.Single(e.Failures);
            Assert.StartsWith(setting + ": ", failure, StringComparison.Ordinal);
            Assert.Contains("missing", failure, StringComparison.Ordinal); // the path it could not read
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AddDvpnClient_InvalidOptions_FailWhenResolvedNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddDvpnClient(o => o.DataDirectory = "relative/path");
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DvpnClientOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith("DataDirectory:", StringComparison.Ordinal));
    }
}
