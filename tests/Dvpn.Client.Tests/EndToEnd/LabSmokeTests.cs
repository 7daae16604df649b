using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Wallet;
using Dvpn.Client.Options;
using Dvpn.Client.Tests.Support;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;

namespace Dvpn.Client.Tests.EndToEnd;

/// <summary>
/// The lab itself, without the client library: providers listed and reachable on the wan, the internet host
/// reachable from the provider sites but not from the client, funded accounts, and providers that die when killed.
/// </summary>
[Collection(ClientLabFixture.CollectionName)]
[SupportedOSPlatform("linux")]
public sealed class LabSmokeTests(ClientLabFixture fixture)
{
    private const string Region = "smoke";
    private static readonly TimeSpan Unreachable = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(30);

    private ClientLab Lab => fixture.Lab;

    [Fact]
    public async Task LabProviders_AreListedAndReachableOnTheWan_AndTheInternetIsOnlyBehindThem()
    {
        IReadOnlyList<LabProvider> providers = await Lab.StartProvidersAsync(2, new LabProviderSpec { Region = Region });

        ChainConnection reader = await Lab.Chain.ConnectReadOnlyAsync();
        ProviderSnapshot snapshot = await new DirectoryClient(reader, Lab.Chain.Contracts.Directory).GetSnapshotAsync();
        foreach (LabProvider provider in providers)
        {
            ProviderListing? listing = snapshot.Providers.FirstOrDefault(p => string.Equals(p.Address, provider.Address.ToString(), StringComparison.OrdinalIgnoreCase));
            Assert.True(listing is not null, $"{provider} is not in the Directory. Output:\n{provider.Output}");
            Assert.True(listing.Listed);
            Assert.Equal(Region, listing.Region);
            Assert.Equal(ClientLab.DefaultPricePerGiB, listing.PricePerGiB);
            Assert.Equal(provider.Site.PublicEndpoint.Host, listing.Endpoint.Host);

            // The client reaches the provider's session endpoint over the wan.
            using Socket socket = Lab.Client.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(provider.Site.WanAddress, ProviderSite.PublicPort)).WaitAsync(TransferTimeout);

            // The provider's site routes to the internet host.
            Assert.True(await Lab.CanReachAsync(provider.Site.Host, TransferTimeout), $"{provider.Site} does not reach {ClientLab.InternetService}");
            TcpTransferResult transfer = await TcpTransfer.RunAsync(Lab.Internet, ClientLab.InternetService, provider.Site.Host, 1024 * 1024, TransferTimeout);
            Assert.True(transfer.Intact);

            PrometheusText metrics = await provider.ScrapeAsync();
            Assert.Equal(0, metrics.Sum(LabProvider.SessionsOpened));
        }

        // Without a tunnel, the client's only route out (on-link default on the wan) leads nowhere.
        Assert.False(await Lab.CanReachInternetAsync(Unreachable), "the client reaches the internet host without a tunnel");
        Assert.True(await Lab.Client.HasLinkAsync(Lab.ClientWanInterface));
        CommandResult routes = await Lab.Client.RunAsync(["ip", "-4", "route", "show", "default"]);
        Assert.Contains($"dev {Lab.ClientWanInterface}", routes.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabClientAccount_IsFunded_AndItsOptionsValidate()
    {
        using LabClientAccount account = await Lab.CreateClientAccountAsync();

        LotteryAccount onChain = await account.GetAccountAsync();
        Assert.Equal(10 * ClientLab.Ether, onChain.Balance);
        Assert.Equal(ClientLab.Ether, onChain.Escrow);

        string passphrase = File.ReadAllText(account.SignerPassphraseFile).TrimEnd('\n');
        using SignerKey signer = Keystore.Load(account.SignerKeystorePath, passphrase);
        Assert.Equal(account.Signer, signer.Address);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(account.SignerPassphraseFile));

        DvpnClientOptions options = account.CreateOptions(Region);
        var result = new DvpnClientOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(Lab.Client.Namespace, options.Tunnel.NetworkNamespace);
        Assert.NotEqual(options.Tunnel.InterfaceName, account.CreateOptions(Region).Tunnel.InterfaceName);

        IReadOnlyList<string> arguments = ConfigurationArguments.From(options, "Dvpn");
        Assert.Contains($"--Dvpn:Chain:RpcUrls:0={Lab.Chain.RpcUrl}", arguments);
        Assert.Contains($"--Dvpn:Selection:Regions:0={Region}", arguments);
        Assert.Contains("--Dvpn:Payment:TolerancePpm=300000", arguments);
    }

    [Fact]
    public async Task LabProvider_KilledBySigkill_StopsAnswering_AndLeavesNoProcessBehind()
    {
        LabProvider provider = await Lab.StartProviderAsync(new LabProviderSpec { Region = Region + "-kill" });

        int exitCode = await provider.KillAsync();

        Assert.Equal(137, exitCode);
        using Socket socket = Lab.Client.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        SocketException refused = await Assert.ThrowsAsync<SocketException>(
            async () => await socket.ConnectAsync(new IPEndPoint(provider.Site.WanAddress, ProviderSite.PublicPort)).WaitAsync(TransferTimeout));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        CommandResult left = await ShellCommand.RunAsync(["ip", "netns", "pids", provider.Site.Host.Namespace], TransferTimeout);
        Assert.Equal("", left.StandardOutput.Trim());
    }
}
