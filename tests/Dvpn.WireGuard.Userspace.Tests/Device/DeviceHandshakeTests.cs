using System.Net;
using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.WireGuard.Userspace.Tests.Device;

/// <summary>Handshake rules of the engine: replayed initiations, unknown peers, cookies under load, key changes.</summary>
public sealed class DeviceHandshakeTests
{
    [Fact]
    public void ReplayedInitiation_IsRefused_AndMakesNoNewSession()
    {
        using DevicePair pair = new(TimeProvider.System);
        byte[]? captured = null;
        pair.Network.Filter = d =>
        {
            if (d.Payload.Span[0] == 1)
            {
                captured ??= d.Payload.ToArray();
            }

            return MemoryDelivery.Deliver;
        };
        Assert.NotNull(pair.SendAToB([1]));
        DevicePair.WaitFor(() => pair.PeerAAtB.Current is not null, "B confirmed");
        var session = pair.PeerAAtB.Current;
        using MemoryDatagramTransport attacker = pair.Network.Bind(IPAddress.Parse("203.0.113.9"));

        attacker.Send(captured!, attacker.ToSocketAddress(new IPEndPoint(DevicePair.UnderlayB, DevicePair.Port)));

        DevicePair.WaitFor(() => pair.B.Counters.HandshakeRejected == 1, "the replayed initiation is refused");
        Assert.Same(session, pair.PeerAAtB.Current);
        Assert.Null(pair.PeerAAtB.Next);
        Assert.Equal(new IPEndPoint(DevicePair.UnderlayA, DevicePair.Port), pair.PeerAAtB.GetEndpoint());
    }

    [Fact]
    public void InitiationFromUnknownPeer_IsRefused()
    {
        using DevicePair pair = new(TimeProvider.System);
        var remove = new Userspace.Uapi.UapiSetRequest();
        remove.Peers.Add(new Userspace.Uapi.UapiPeerChange { PublicKey = pair.PublicA, Remove = true });
        pair.B.Apply(remove);

        Assert.Null(pair.SendAToB([1], TimeSpan.FromMilliseconds(500)));

        DevicePair.WaitFor(() => pair.B.Counters.HandshakeRejected >= 1, "B refuses a key it does not know");
        Assert.Null(pair.PeerBAtA.Current);
    }

    [Fact]
    public void UnderLoad_InitiationWithoutMac2_GetsACookieReply_AndTheRetryWithMac2Succeeds()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        using DevicePair pair = new(clock);
        pair.B.ForceUnderLoad = true;

        Assert.True(pair.TunA.Inject(DevicePair.Udp4(DevicePair.TunnelA, DevicePair.TunnelB, [1])));
        DevicePair.WaitFor(() => pair.B.Counters.CookieRepliesSent == 1, "B answers with a cookie instead of working");
        DevicePair.WaitFor(() => pair.PeerBAtA.HasCookie, "A keeps the cookie");
        Assert.Null(pair.PeerBAtA.Current);

        clock.Advance(TimeSpan.FromSeconds(6)); // the retransmission carries mac2

        DevicePair.WaitFor(() => pair.PeerBAtA.Current is not null, "the handshake completes under load");
        Assert.Equal(1, pair.B.Counters.CookieRepliesSent);
        Assert.True(pair.TunB.TryTake(out _, TimeSpan.FromSeconds(5)), "the staged packet arrives");
    }

    [Fact]
    public void ForgedCookieReply_IsIgnored()
    {
        using DevicePair pair = new(TimeProvider.System);
        pair.Network.Filter = d => d.Payload.Span[0] == 2 ? MemoryDelivery.Drop : MemoryDelivery.Deliver;
        Assert.True(pair.TunA.Inject(DevicePair.Udp4(DevicePair.TunnelA, DevicePair.TunnelB, [1])));
        DevicePair.WaitFor(() => !pair.A.Indexes.IsEmpty, "A waits for a response");
        uint index = pair.A.Indexes.Keys.Single();
        using MemoryDatagramTransport attacker = pair.Network.Bind(IPAddress.Parse("203.0.113.9"));
        byte[] forged = new byte[64];
        forged[0] = 3;
        BitConverter.TryWriteBytes(forged.AsSpan(4), index);

        attacker.Send(forged, attacker.ToSocketAddress(new IPEndPoint(DevicePair.UnderlayA, DevicePair.Port)));

        DevicePair.WaitFor(() => pair.A.Counters.AuthenticationFailed == 1, "the forged cookie does not open");
        Assert.False(pair.PeerBAtA.HasCookie);
    }

    [Fact]
    public void PrivateKeyChange_DropsEverySession_AndANewHandshakeUsesTheNewKey()
    {
        using DevicePair pair = new(TimeProvider.System);
        Assert.NotNull(pair.SendAToB([1]));
        var old = pair.PeerBAtA.Current!;

        byte[] newKey = DevicePair.NewPrivateKey(out byte[] newPublic);
        pair.A.Apply(new Userspace.Uapi.UapiSetRequest { PrivateKey = newKey });
        var update = new Userspace.Uapi.UapiSetRequest();
        var change = new Userspace.Uapi.UapiPeerChange { PublicKey = pair.PublicA, Remove = true };
        update.Peers.Add(change);
        var added = new Userspace.Uapi.UapiPeerChange { PublicKey = newPublic };
        added.AllowedIps.Add(new IPNetwork(DevicePair.TunnelA, 32));
        update.Peers.Add(added);
        pair.B.Apply(update);

        Assert.True(old.IsDisposed);
        Assert.NotNull(pair.SendAToB([2]));
        Assert.NotSame(old, pair.PeerBAtA.Current);
    }
}
