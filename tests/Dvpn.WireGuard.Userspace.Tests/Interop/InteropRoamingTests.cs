using System.Net;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>The client's underlay address changes mid-session; the server follows it (whitepaper §2.1, roaming).</summary>
[SupportedOSPlatform("linux")]
[Collection(InteropCollection.Name)]
public sealed class InteropRoamingTests
{
    [Theory]
    [InlineData(Implementation.Ours, Implementation.WireGuardGo)] // wireguard-go roams, ours follows
    [InlineData(Implementation.WireGuardGo, Implementation.Ours)] // ours roams, wireguard-go follows
    public async Task ClientAddressChange_AfterSession_TrafficContinuesAndServerShowsNewEndpoint(Implementation server, Implementation client)
    {
        await using InteropTunnel tunnel = await InteropTunnel.StartAsync(server, client);
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress), tunnel.Describe());
        Assert.Equal(new IPEndPoint(Underlay.ClientAddress, InteropTunnel.Port).ToString(), WgShow.Endpoint(tunnel.Server.Name));

        tunnel.Underlay.RoamClient();
        if (client == Implementation.WireGuardGo)
        {
            // wireguard-go (v0.0.20220316) pins the source address it last used ("sticky sockets") and drops that pin
            // only when sendmsg fails with EINVAL; a deleted source fails with ENETUNREACH instead, so it would never
            // send again. Setting its endpoint anew clears the pin, as a roaming host's network manager would; what is
            // tested here is the server (ours) following the client's new address.
            Tool.Wg("set", tunnel.Client.Name, "peer", tunnel.Server.Keys.PublicKey, "endpoint", new IPEndPoint(Underlay.ServerAddress, InteropTunnel.Port).ToString());
        }

        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress), $"client -> server after roaming; {tunnel.Describe()}");
        Assert.Equal(new IPEndPoint(Underlay.RoamedClientAddress, InteropTunnel.Port).ToString(), WgShow.Endpoint(tunnel.Server.Name));
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Server.Namespace, InteropTunnel.ClientTunnelAddress), $"server -> client after roaming; {tunnel.Describe()}");
    }
}
