using System.Runtime.Versioning;
using Dvpn.WireGuard.Userspace.Device;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>
/// New sessions with wireguard-go that our engine starts on its own, driven by its (fake) clock: as the initiator
/// after REKEY_AFTER_TIME under load, and as the responder once its session is past REJECT_AFTER_TIME. wireguard-go
/// keeps the real clock, so it never rekeys by itself within a test.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(InteropCollection.Name)]
public sealed class InteropRekeyTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Initiator_PastRekeyAfterTimeDuringTransfer_NewSessionAndTransferIntact()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using InteropTunnel tunnel = await InteropTunnel.StartAsync(Implementation.WireGuardGo, Implementation.Ours, time);
        OurEnd ours = tunnel.Ours;
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress), tunnel.Describe());
        Peer peer = ours.Peer;
        Keypair first = peer.Current ?? throw new InvalidOperationException("no session after a ping");
        uint firstIndex = first.LocalIndex;
        Assert.True(first.IsInitiator);
        long goBefore = await AfterWholeSecondAsync(tunnel.Server.Name);

        var transfer = new NamespaceTransfer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<TransferResult> running = transfer.RunAsync(tunnel.Client.Namespace, tunnel.Server.Namespace, InteropTunnel.ServerTunnelAddress, 100, timeout.Token);

        // Past REKEY_AFTER_TIME in 10 s steps, each followed by traffic through the tunnel (timers fire on the way).
        for (TimeSpan elapsed = Step; elapsed <= Limits.RekeyAfterTime + Step; elapsed += Step)
        {
            long mark = transfer.Received;
            time.Advance(Step);
            Assert.True(
                await Tool.EventuallyAsync(() => transfer.Received > mark + (256 << 10) || running.IsCompleted, TimeSpan.FromSeconds(10)),
                $"no traffic after the clock reached {elapsed}; {tunnel.Describe()}");
            Assert.False(running.IsCompleted, $"the transfer ended before the rekey could be tested ({elapsed}): {running.Status}");
        }

        // The next packet we send starts the handshake; a lost initiation is retried after REKEY_TIMEOUT, so let the
        // fake clock move on by a second now and then (still far below REJECT_AFTER_TIME).
        bool rekeyed = false;
        for (int i = 0; i < 20 && !rekeyed; i++)
        {
            rekeyed = await Tool.EventuallyAsync(() => !ReferenceEquals(peer.Current, first), TimeSpan.FromMilliseconds(500));
            if (!rekeyed)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Keypair? second = peer.Current;
        Assert.True(rekeyed && second is not null, $"no new session after REKEY_AFTER_TIME; handshake attempts {peer.HandshakeAttempts}; {tunnel.Describe()}");
        Assert.True(second.IsInitiator);
        Assert.NotEqual(firstIndex, second.LocalIndex);

        TransferResult result = await running;
        Assert.Equal(result.SentBytes, result.ReceivedBytes);
        Assert.Equal(result.SentHash, result.ReceivedHash);

        // wireguard-go, the responder, records the handshake once our first data under the new keys arrives.
        Assert.True(await Tool.EventuallyAsync(() => WgShow.LatestHandshake(tunnel.Server.Name) > goBefore, TimeSpan.FromSeconds(5)),
            $"wireguard-go's latest handshake stayed at {goBefore}");
    }

    [Fact]
    public async Task Responder_SessionPastRejectAfterTime_InitiatesNewSessionWithWireGuardGo()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using InteropTunnel tunnel = await InteropTunnel.StartAsync(Implementation.Ours, Implementation.WireGuardGo, time);
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress), tunnel.Describe());
        Peer peer = tunnel.Ours.Peer;
        Keypair first = peer.Current ?? throw new InvalidOperationException("no session after a ping");
        uint firstIndex = first.LocalIndex;
        Assert.False(first.IsInitiator);
        long goBefore = await AfterWholeSecondAsync(tunnel.Client.Name);

        // Our session can no longer send: the packet waits while we, the former responder, initiate (§6.2).
        time.Advance(Limits.RejectAfterTime + TimeSpan.FromSeconds(1));
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Server.Namespace, InteropTunnel.ClientTunnelAddress), $"server -> client ping after expiry; {tunnel.Describe()}");

        Keypair? second = peer.Current;
        Assert.True(second is not null && !ReferenceEquals(second, first) && second.IsInitiator, "no session that we initiated");
        Assert.NotEqual(firstIndex, second.LocalIndex);
        Assert.True(WgShow.LatestHandshake(tunnel.Client.Name) > goBefore, $"wireguard-go's latest handshake stayed at {goBefore}");
        Assert.True(3 == await NamespacePing.PingAsync(tunnel.Client.Namespace, InteropTunnel.ServerTunnelAddress), $"client -> server ping after the rekey; {tunnel.Describe()}");
    }

    /// <summary>
    /// wireguard-go's latest handshake on <paramref name="name"/>, returned once the wall clock is past that whole
    /// second, so that a later handshake shows as a larger number (<c>wg</c> prints seconds).
    /// </summary>
    private static async Task<long> AfterWholeSecondAsync(string name)
    {
        long before = WgShow.LatestHandshake(name);
        Assert.True(before > 0, $"{name} has no handshake");
        Assert.True(await Tool.EventuallyAsync(() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() > before, TimeSpan.FromSeconds(3)));
        return before;
    }
}
