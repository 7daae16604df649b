using Dvpn.WireGuard.Userspace.Device;
using Dvpn.WireGuard.Userspace.Io;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.WireGuard.Userspace.Tests.Device;

/// <summary>The timers of whitepaper §6 on a fake clock: packets move on real threads, time only when the test says.</summary>
public sealed class DeviceTimerTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AfterRekeyAfterTime_TheInitiatorsNextPacket_StartsANewSession()
    {
        FakeTimeProvider clock = NewClock();
        using DevicePair pair = new(clock);
        int initiations = 0;
        pair.Network.Filter = d =>
        {
            if (d.Payload.Span[0] == 1)
            {
                Interlocked.Increment(ref initiations);
            }

            return MemoryDelivery.Deliver;
        };
        Assert.NotNull(pair.SendAToB([1]));
        Assert.NotNull(pair.SendBToA([1]));
        Keypair first = pair.PeerBAtA.Current!;

        // Traffic both ways every 10 s keeps every other timer quiet: only the session's age can trigger a handshake.
        for (int second = 10; second <= 120; second += 10)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            Assert.NotNull(pair.SendAToB([2]));
            Assert.NotNull(pair.SendBToA([2]));
        }

        Assert.Equal(1, Volatile.Read(ref initiations));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(pair.SendAToB([3])); // still sealed with the old session, and starts the rekey

        DevicePair.WaitFor(() => pair.PeerBAtA.Current != first, "a new session replaces the old one");
        Assert.Equal(2, Volatile.Read(ref initiations));
        Assert.Same(first, pair.PeerBAtA.Previous);
        Assert.NotNull(pair.SendAToB([4]));
        Assert.NotNull(pair.SendBToA([4]));
    }

    [Fact]
    public void AfterRejectAfterTime_TheOldSessionNeitherSendsNorReceives()
    {
        FakeTimeProvider clock = NewClock();
        using DevicePair pair = new(clock);
        Assert.NotNull(pair.SendAToB([1]));
        Keypair first = pair.PeerBAtA.Current!;
        pair.Network.Filter = d => d.Payload.Span[0] is 1 or 2 ? MemoryDelivery.Drop : MemoryDelivery.Deliver; // no new handshake can finish

        clock.Advance(Limits.RejectAfterTime + TimeSpan.FromSeconds(1));

        Assert.False(pair.PeerBAtA.CanSendWith(first));
        Assert.Null(pair.SendAToB([2], TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void UnansweredInitiation_IsRetriedEveryRekeyTimeout_ThenGivenUpAfterRekeyAttemptTime()
    {
        FakeTimeProvider clock = NewClock();
        using DevicePair pair = new(clock);
        int initiations = 0;
        pair.Network.Filter = d =>
        {
            if (d.Payload.Span[0] == 1)
            {
                Interlocked.Increment(ref initiations);
                return MemoryDelivery.Drop;
            }

            return MemoryDelivery.Deliver;
        };

        Assert.True(pair.TunA.Inject(DevicePair.Udp4(DevicePair.TunnelA, DevicePair.TunnelB, [1])));
        DevicePair.WaitFor(() => Volatile.Read(ref initiations) == 1, "the first initiation");
        for (int i = 1; i <= Limits.MaxTimerHandshakes + 1; i++)
        {
            clock.Advance(Limits.RekeyTimeout + Limits.RekeyTimeoutJitterMax);
            int expected = i + 1;
            DevicePair.WaitFor(() => Volatile.Read(ref initiations) == expected, $"retransmission {i}");
        }

        // Past REKEY_ATTEMPT_TIME the peer gives up: no more initiations until new traffic.
        clock.Advance(Limits.RekeyTimeout + Limits.RekeyTimeoutJitterMax);
        clock.Advance(Limits.RekeyTimeout + Limits.RekeyTimeoutJitterMax);
        Assert.Equal(Limits.MaxTimerHandshakes + 2, Volatile.Read(ref initiations));
    }

    [Fact]
    public void ReceivedDataAndNothingToSend_AKeepaliveGoesBackAfterKeepaliveTimeout()
    {
        FakeTimeProvider clock = NewClock();
        using DevicePair pair = new(clock);
        Assert.NotNull(pair.SendAToB([1]));
        DevicePair.WaitFor(() => pair.PeerAAtB.Current is not null, "B confirmed");
        long before = pair.PeerBAtA.ReceivedBytes;

        clock.Advance(Limits.KeepaliveTimeout + TimeSpan.FromMilliseconds(10));

        DevicePair.WaitFor(() => pair.PeerBAtA.ReceivedBytes == before + 32, "A receives B's 32-byte keepalive");
        Assert.True(pair.TunA.TryTake(out _, TimeSpan.Zero) is false, "a keepalive carries no packet to the interface");
    }

    [Fact]
    public void SentDataWithoutAnyReply_StartsAHandshakeAfterKeepalivePlusRekeyTimeout()
    {
        FakeTimeProvider clock = NewClock();
        using DevicePair pair = new(clock);
        Assert.NotNull(pair.SendAToB([1]));
        int initiations = 0;
        pair.Network.Filter = d =>
        {
            if (d.Source.Address.Equals(DevicePair.UnderlayB))
            {
                return MemoryDelivery.Drop; // B goes silent
            }

            if (d.Payload.Span[0] == 1)
            {
                Interlocked.Increment(ref initiations);
            }

            return MemoryDelivery.Deliver;
        };

        Assert.NotNull(pair.SendAToB([2]));
        clock.Advance(Limits.KeepaliveTimeout + Limits.RekeyTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(0, Volatile.Read(ref initiations));
        clock.Advance(TimeSpan.FromSeconds(2));

        DevicePair.WaitFor(() => Volatile.Read(ref initiations) == 1, "A re-handshakes a silent peer");
    }

    [Fact]
    public void PersistentKeepalive_IsSentEveryInterval_WithoutTraffic()
    {
        FakeTimeProvider clock = NewClock();
        using DevicePair pair = new(clock, persistentKeepalive: 25);
        DevicePair.WaitFor(() => pair.PeerAAtB.LastHandshake is not null, "the keepalive on start makes a session");
        long before = pair.PeerAAtB.ReceivedBytes;

        clock.Advance(TimeSpan.FromSeconds(25));
        DevicePair.WaitFor(() => pair.PeerAAtB.ReceivedBytes == before + 32, "one keepalive after 25 s");
        clock.Advance(TimeSpan.FromSeconds(25));
        DevicePair.WaitFor(() => pair.PeerAAtB.ReceivedBytes == before + 64, "another after 50 s");
    }

    [Fact]
    public void ThreeTimesRejectAfterTimeWithoutHandshake_ZeroesEverySession()
    {
        FakeTimeProvider clock = NewClock();
        using DevicePair pair = new(clock);
        Assert.NotNull(pair.SendAToB([1]));
        Keypair session = pair.PeerBAtA.Current!;
        pair.Network.Filter = _ => MemoryDelivery.Drop;

        clock.Advance(3 * Limits.RejectAfterTime + TimeSpan.FromSeconds(1));

        DevicePair.WaitFor(() => pair.PeerBAtA.Current is null, "A forgets the session");
        Assert.True(session.IsDisposed);
        Assert.False(pair.A.Indexes.ContainsKey(session.LocalIndex));
    }

    [Fact]
    public void Responder_KeepsNewSessionAsNext_UntilTheInitiatorsFirstDataPacket()
    {
        FakeTimeProvider clock = NewClock();
        using DevicePair pair = new(clock);
        bool holdData = true;
        pair.Network.Filter = d => Volatile.Read(ref holdData) && d.Payload.Span[0] == 4 ? MemoryDelivery.Drop : MemoryDelivery.Deliver;

        Assert.True(pair.TunA.Inject(DevicePair.Udp4(DevicePair.TunnelA, DevicePair.TunnelB, [1])));
        DevicePair.WaitFor(() => pair.PeerBAtA.Current is not null, "A completed its side");
        DevicePair.WaitFor(() => pair.PeerAAtB.Next is not null, "B holds the session as next");
        Assert.Null(pair.PeerAAtB.Current);
        Keypair next = pair.PeerAAtB.Next!;

        Volatile.Write(ref holdData, false);
        Assert.NotNull(pair.SendAToB([2]));

        Assert.Same(next, pair.PeerAAtB.Current);
        Assert.Null(pair.PeerAAtB.Next);
    }
}
