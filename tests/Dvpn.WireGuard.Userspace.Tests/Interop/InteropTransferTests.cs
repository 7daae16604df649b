using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>100 MiB over TCP through a tunnel between our engine and wireguard-go, each way, checked with SHA-256.</summary>
[SupportedOSPlatform("linux")]
[Collection(InteropCollection.Name)]
public sealed class InteropTransferTests
{
    private const int Megabytes = 100;
    private const long Bytes = Megabytes * (long)NamespaceTransfer.ChunkSize;

    [Theory]
    [InlineData(Implementation.Ours, Implementation.WireGuardGo)]
    [InlineData(Implementation.WireGuardGo, Implementation.Ours)]
    public async Task TcpTransfer_100MiBEachWay_ArrivesIntactAndIsCounted(Implementation server, Implementation client)
    {
        await using InteropTunnel tunnel = await InteropTunnel.StartAsync(server, client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        TransferResult up = await new NamespaceTransfer().RunAsync(tunnel.Client.Namespace, tunnel.Server.Namespace, InteropTunnel.ServerTunnelAddress, Megabytes, timeout.Token);
        TransferResult down = await new NamespaceTransfer().RunAsync(tunnel.Server.Namespace, tunnel.Client.Namespace, InteropTunnel.ClientTunnelAddress, Megabytes, timeout.Token);

        foreach (TransferResult result in (TransferResult[])[up, down])
        {
            Assert.Equal(Bytes, result.SentBytes);
            Assert.Equal(Bytes, result.ReceivedBytes);
            Assert.Equal(result.SentHash, result.ReceivedHash);
        }

        // Both directions carried 100 MiB of payload, so every datagram counter (payload plus headers) is above it.
        foreach (TunnelEnd end in (TunnelEnd[])[tunnel.Server, tunnel.Client])
        {
            (long received, long sent) = WgShow.Transfer(end.Name);
            Assert.True(received >= Bytes && sent >= Bytes, $"wg show {end.Describe()} transfer: received {received}, sent {sent}");
        }

        PeerTraffic traffic = tunnel.Ours.Interface.GetPeerTraffic(tunnel.Other.Keys.PublicKeyBytes)
            ?? throw new InvalidOperationException("our interface lost its peer");
        Assert.True(traffic.ReceivedBytes >= Bytes && traffic.TransmittedBytes >= Bytes, $"ours: {traffic}");
        Assert.True(traffic.ReceivedPacketBytes >= Bytes && traffic.ForwardedPacketBytes >= Bytes, $"ours: {traffic}");
    }
}
