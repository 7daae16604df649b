using System.Globalization;
using System.Net;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>The real <c>wg</c> tool reads and changes our running interface while it talks to wireguard-go.</summary>
[SupportedOSPlatform("linux")]
[Collection(InteropCollection.Name)]
public sealed class InteropUapiTests
{
    [Fact]
    public async Task WgShowDump_AfterTraffic_ListsPeerWithEndpointHandshakeAndOurCounters()
    {
        await using InteropTunnel tunnel = await InteropTunnel.StartAsync(Implementation.Ours, Implementation.WireGuardGo);
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress), tunnel.Describe());
        UserspaceInterface ours = tunnel.Ours.Interface;
        byte[] peerKey = tunnel.Client.Keys.PublicKeyBytes;

        // A keepalive timer may send between two reads: take a dump that our counters agree with before and after.
        string[]? peer = null;
        PeerTraffic traffic = default;
        bool stable = await Tool.EventuallyAsync(
            () =>
            {
                PeerTraffic before = ours.GetPeerTraffic(peerKey) ?? throw new InvalidOperationException("no peer");
                peer = Assert.Single(WgShow.DumpPeers(tunnel.Server.Name));
                traffic = ours.GetPeerTraffic(peerKey) ?? throw new InvalidOperationException("no peer");
                return before == traffic;
            },
            TimeSpan.FromSeconds(5));
        Assert.True(stable && peer is not null, "counters never stood still");

        Assert.Equal(tunnel.Client.Keys.PublicKey, peer[0]);
        Assert.Equal(new IPEndPoint(Underlay.ClientAddress, InteropTunnel.Port).ToString(), peer[2]);
        Assert.Equal($"{InteropTunnel.ClientTunnelAddress}/32", peer[3]);
        Assert.NotNull(traffic.LastHandshake);
        Assert.Equal(traffic.LastHandshake.Value.ToUnixTimeSeconds(), long.Parse(peer[4], CultureInfo.InvariantCulture));
        Assert.Equal(traffic.ReceivedBytes, long.Parse(peer[5], CultureInfo.InvariantCulture));
        Assert.Equal(traffic.TransmittedBytes, long.Parse(peer[6], CultureInfo.InvariantCulture));
        Assert.True(traffic.ReceivedBytes > 0 && traffic.TransmittedBytes > 0, $"ours: {traffic}");
    }

    [Fact]
    public async Task WgSetPeerRemove_OnOurInterface_RemovesPeerAndTrafficStops()
    {
        await using InteropTunnel tunnel = await InteropTunnel.StartAsync(Implementation.Ours, Implementation.WireGuardGo);
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress), tunnel.Describe());

        Tool.Wg("set", tunnel.Server.Name, "peer", tunnel.Client.Keys.PublicKey, "remove");

        Assert.Empty(WgShow.DumpPeers(tunnel.Server.Name));
        Assert.Null(tunnel.Ours.Interface.GetPeerTraffic(tunnel.Client.Keys.PublicKeyBytes));
        Assert.Equal(0, await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress, count: 2, wait: TimeSpan.FromSeconds(1)));
        Assert.Equal(0, await NamespacePing.PingAsync(tunnel.Server.Namespace, InteropTunnel.ClientTunnelAddress, count: 2, wait: TimeSpan.FromSeconds(1)));
    }
}
