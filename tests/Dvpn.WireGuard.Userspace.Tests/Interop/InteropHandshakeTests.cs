using System.Runtime.Versioning;
namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>Handshakes and pings between our engine and wireguard-go (and our dvpn-wg process) in both roles.</summary>
[SupportedOSPlatform("linux")]
[Collection(InteropCollection.Name)]
public sealed class InteropHandshakeTests
{
    [Theory]
    [InlineData(Implementation.Ours, Implementation.WireGuardGo)] // ours responds
    [InlineData(Implementation.WireGuardGo, Implementation.Ours)] // ours initiates
    [InlineData(Implementation.OursProcess, Implementation.WireGuardGo)]
    [InlineData(Implementation.WireGuardGo, Implementation.OursProcess)]
    [InlineData(Implementation.OursProcess, Implementation.Ours)]
    public async Task Handshake_ServerAndClient_CompletesOnBothEndsAndPingsBothWays(Implementation server, Implementation client)
    {
        await using InteropTunnel tunnel = await InteropTunnel.StartAsync(server, client);

        // The client's ping starts the handshake (the server has no endpoint for it); the server's answers over the session.
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress), $"client -> server ping lost; {tunnel.Describe()}");
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Server.Namespace, InteropTunnel.ClientTunnelAddress), $"server -> client ping lost; {tunnel.Describe()}");

        Assert.True(WgShow.LatestHandshake(tunnel.Server.Name) > 0, $"server has no handshake; {tunnel.Describe()}");
        Assert.True(WgShow.LatestHandshake(tunnel.Client.Name) > 0, $"client has no handshake; {tunnel.Describe()}");
    }
}
