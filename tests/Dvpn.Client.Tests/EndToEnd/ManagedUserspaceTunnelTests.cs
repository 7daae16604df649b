using System.Runtime.Versioning;
using Dvpn.Client.Selection;
using Dvpn.Client.State;
using Dvpn.Client.Stats;
using Dvpn.Client.Tests.Support;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard.Devices;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.EndToEnd;

/// <summary>
/// The client on our own managed userspace WireGuard (in-process, in the client namespace) against a provider on
/// wireguard-go: the two implementations interoperate through the whole product, payments included.
/// </summary>
[Collection(ClientLabFixture.CollectionName)]
[SupportedOSPlatform("linux")]
public sealed class ManagedUserspaceTunnelTests(ClientLabFixture fixture, ITestOutputHelper output)
{
    private const string Region = "e2e-managed";
    private const long TransferBytes = 8 * 1024 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);

    private ClientLab Lab => fixture.Lab;

    [Fact]
    public async Task ClientOnTheManagedBackend_ConnectsToAWireGuardGoProvider_CarriesTraffic_AndPays()
    {
        LabProvider provider = await Lab.StartProviderAsync(new LabProviderSpec { Region = Region });
        await using LabClient lab = await LabClient.StartAsync(Lab, output, Region, o => o.Tunnel.Backend = WireGuardBackendKind.ManagedUserspace);
        DvpnClient client = lab.Client;

        Connected connected = await client.ConnectAsync(new SelectionRequest { Regions = [Region] }).WaitAsync(ConnectTimeout);
        string interfaceName = connected.Session.InterfaceName;
        Assert.True(await Lab.Client.HasLinkAsync(interfaceName));
        CommandResult wg = await Lab.Client.RunAsync(["wg", "show", interfaceName, "latest-handshakes"]);
        Assert.Equal(0, wg.ExitCode);
        Assert.DoesNotContain("\t0\n", wg.StandardOutput + "\n", StringComparison.Ordinal);

        TcpTransferResult transfer = await Lab.TransferToInternetAsync(TransferBytes, TransferTimeout);
        Assert.True(transfer.Intact, $"{transfer}");
        Assert.Equal(TransferBytes, transfer.BytesReceived);
        SessionStats? stats = client.CurrentSession;
        Assert.NotNull(stats);
        Assert.True(stats.BytesSent >= TransferBytes, $"{stats}");
        Assert.True(stats.TicketsSent >= 1, $"{stats}");

        await client.DisconnectAsync().WaitAsync(ConnectTimeout);
        Assert.False(await Lab.Client.HasLinkAsync(interfaceName), $"{interfaceName} is still there: the engine must take its TUN device with it");
        Assert.False(await Lab.CanReachInternetAsync(TimeSpan.FromSeconds(1)));
        _ = provider;
    }
}
