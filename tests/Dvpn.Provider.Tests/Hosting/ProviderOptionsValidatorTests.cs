using Dvpn.Provider.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Tests.Hosting;

public sealed class ProviderOptionsValidatorTests
{
    /// <summary>The least configuration that starts: every REQUIRED setting of appsettings.json.</summary>
    internal static Dictionary<string, string?> Required() => new()
    {
        ["Provider:DataDirectory"] = "/var/lib/dvpn-provider-test",
        ["Provider:Chain:RpcUrls:0"] = "http://127.0.0.1:8545",
        ["Provider:Chain:ChainId"] = "31337",
        ["Provider:Chain:Lottery"] = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        ["Provider:Chain:Directory"] = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        ["Provider:Keystore:Path"] = "/etc/dvpn-provider/key.json",
        ["Provider:Public:Endpoint"] = "https://vpn.example.net:8443",
        ["Provider:WireGuard:Endpoint"] = "vpn.example.net:51820",
        ["Provider:Listing:PricePerGiB"] = "1000000000000000",
    };

    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "Provider:Chain:RpcUrls:0", null, "Provider:Chain:RpcUrls is empty" },
        { "Provider:Chain:RpcUrls:0", "ftp://node", "Provider:Chain:RpcUrls entry 'ftp://node' is not an http(s) URL" },
        { "Provider:Chain:ChainId", null, "Provider:Chain:ChainId is missing" },
        { "Provider:Chain:Lottery", "0x1234", "Provider:Chain:Lottery must be the Lottery contract's address" },
        { "Provider:Chain:Directory", null, "Provider:Chain:Directory must be the Directory contract's address" },
        { "Provider:Keystore:Path", null, "Provider:Keystore:Path is missing" },
        { "Provider:DataDirectory", "relative/dir", "Provider:DataDirectory must be an absolute path" },
        { "Provider:Public:Listen", "8443", "Provider:Public:Listen '8443' is not ip:port" },
        { "Provider:Public:Endpoint", "http://vpn.example.net", "Provider:Public:Endpoint must be the advertised absolute https URL" },
        { "Provider:WireGuard:Endpoint", null, "Provider:WireGuard:Endpoint must be the advertised WireGuard host:port" },
        { "Provider:WireGuard:Endpoint", "vpn.example.net", "Provider:WireGuard:Endpoint must be the advertised WireGuard host:port" },
        { "Provider:Tunnel:IPv4Pool", "10.77.0.0/31", "Provider:Tunnel:IPv4Pool '10.77.0.0/31' must be an IPv4 network of /30 or larger" },
        { "Provider:Tunnel:IPv6Pool", "10.0.0.0/8", "Provider:Tunnel:IPv6Pool '10.0.0.0/8' must be an IPv6 network" },
        { "Provider:Tunnel:Mtu", "576", "Provider:Tunnel:Mtu must be between 1280 and 9000" },
        { "Provider:Tunnel:Interface", "an-interface-name-too-long", "Provider:Tunnel:Interface must be an interface name of 1 to 15 characters" },
        { "Provider:Tunnel:Dns:0", "not-an-ip", "Provider:Tunnel:Dns entry 'not-an-ip' is not an IP address" },
        { "Provider:Listing:PricePerGiB", null, "Provider:Listing:PricePerGiB is missing" },
        { "Provider:Listing:Region", "EU_DE", "Provider:Listing:Region must be at most 16 of a-z, 0-9 and '-'" },
        { "Provider:Payment:Token", "native", "Provider:Payment:Token must be a token address" },
        { "Provider:Payment:CreditLimitBytes", "0", "Provider:Payment:CreditLimitBytes must be at least 1" },
        { "Provider:Payment:MinBalance", "0", "Provider:Payment:MinBalance must be above 0" },
        { "Provider:Payment:SessionLifetime", "00:00:00", "Provider:Payment:SessionLifetime must be a positive duration" },
        { "Provider:Payment:UnpaidPauseGrace", "00:00:00.5", "Provider:Payment:UnpaidPauseGrace must be at least Provider:Metering:Interval" },
        { "Provider:Payment:UnpaidPauseGrace", "02:00:00", "Provider:Payment:UnpaidPauseGrace must be at least Provider:Metering:Interval" },
        { "Provider:Tunnel:Backend", "Boringtun", "Provider:Tunnel:Backend 'Boringtun' is not a WireGuard backend" },
        { "Provider:Payment:InvoiceInterval", "-00:00:01", "Provider:Payment:InvoiceInterval must be a positive duration" },
        { "Provider:Payment:ClaimGasPerTicket", "0", "Provider:Payment:ClaimGasPerTicket must be between 1 and 10000000" },
        { "Provider:Payment:EfficiencyTarget", "1", "Provider:Payment:EfficiencyTarget must be between 0.5 and 0.9999" },
        { "Provider:Metering:IdleTimeout", "00:00:01", "Provider:Metering:IdleTimeout must be longer than Provider:Metering:Interval" },
        { "Provider:Limits:MaxSessions", "0", "Provider:Limits:MaxSessions must be between 1 and 1000000" },
        { "Provider:Limits:OpenBurst", "0", "Provider:Limits:OpenBurst must be between 1 and 10000" },
        { "Provider:Limits:OpenPerMinutePerAddress", "0", "Provider:Limits:OpenPerMinutePerAddress must be between 1 and 60000" },
        { "Provider:Metrics:Listen", "localhost", "Provider:Metrics:Listen 'localhost' is not ip:port" },
        { "Provider:WireGuard:PersistentKeepalive", "70000", "Provider:WireGuard:PersistentKeepalive must be between 0 and 65535" },
    };

    [Fact]
    public void Validate_RequiredSettingsWithDefaults_Succeeds()
    {
        ProviderOptions options = Resolve(Required());

        Assert.Equal("0.0.0.0:8443", options.Public.Listen);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Payment.CommitGrace);
        Assert.Equal(2UL * 1024 * 1024, options.Payment.CreditLimitBytes);
        Assert.Equal(2_000_000_000UL, (ulong)options.Claims.MaxGasPrice);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadSetting_FailsNamingTheSetting(string key, string? value, string expected)
    {
        Dictionary<string, string?> settings = Required();
        if (value is null)
        {
            settings.Remove(key);
        }
        else
        {
            settings[key] = value;
        }

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        string failure = Assert.Single(e.Failures);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CreditLimitWorthNothingAtThePrice_Fails()
    {
        Dictionary<string, string?> settings = Required();
        settings["Provider:Listing:PricePerGiB"] = "1";
        settings["Provider:Payment:CreditLimitBytes"] = "1024";

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains(e.Failures, f => f.StartsWith("Provider:Payment:CreditLimitBytes (1024) is worth 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoRegistrationAndNoEndpoint_Succeeds()
    {
        Dictionary<string, string?> settings = Required();
        settings.Remove("Provider:Public:Endpoint");
        settings["Provider:Listing:Register"] = "false";

        Assert.Null(Resolve(settings).Public.Endpoint);
    }

    [Fact]
    public void Bind_ConfiguredDnsList_ReplacesTheDefaultList()
    {
        Dictionary<string, string?> settings = Required();
        settings["Provider:Tunnel:Dns:0"] = "10.0.0.53";

        Assert.Equal(["10.0.0.53"], Resolve(settings).Tunnel.Dns);
    }

    [Fact]
    public void Bind_AmountAbove64Bits_IsKeptExactly()
    {
        Dictionary<string, string?> settings = Required();
        settings["Provider:Payment:MinBalance"] = "100000000000000000000000"; // 10^23

        Assert.Equal(UInt128.Parse("100000000000000000000000", System.Globalization.CultureInfo.InvariantCulture),
            Resolve(settings).Payment.MinBalance);
    }

    internal static ProviderOptions Resolve(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using ServiceProvider services = new ServiceCollection().AddLogging().AddDvpnProvider(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<ProviderOptions>>().Value;
    }
}
