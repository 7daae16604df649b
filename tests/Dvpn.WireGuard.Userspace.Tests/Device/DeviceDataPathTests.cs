using System.Net;
using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Device;
using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.WireGuard.Userspace.Tests.Device;

/// <summary>Two engines over memory: handshake on first packet, data both ways, and what the receive path refuses.</summary>
public sealed class DeviceDataPathTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FirstPacket_StartsHandshake_AndArrivesIntactBothWays(bool withPresharedKey)
    {
        using DevicePair pair = new(TimeProvider.System, withPresharedKey ? RandomNumberGenerator.GetBytes(32) : null);
        byte[] payload = RandomNumberGenerator.GetBytes(1000);

        byte[]? atB = pair.SendAToB(payload);
        byte[]? atA = pair.SendBToA(payload);

        Assert.Equal(DevicePair.Udp4(DevicePair.TunnelA, DevicePair.TunnelB, payload), atB);
        Assert.Equal(DevicePair.Udp4(DevicePair.TunnelB, DevicePair.TunnelA, payload), atA);
        Assert.NotNull(pair.PeerBAtA.LastHandshake);
        DevicePair.WaitFor(() => pair.PeerAAtB.LastHandshake is not null, "B records the handshake once A's data confirms it");
        Assert.Equal(new IPEndPoint(DevicePair.UnderlayA, DevicePair.Port), pair.PeerAAtB.GetEndpoint());
    }

    [Fact]
    public void ManyPackets_AllArrive_InOrder_WithCountersThatMatch()
    {
        using DevicePair pair = new(TimeProvider.System);
        Assert.NotNull(pair.SendAToB([1]));
        long packetBytes = 0;
        for (int i = 0; i < 500; i++)
        {
            byte[] packet = DevicePair.Udp4(DevicePair.TunnelA, DevicePair.TunnelB, BitConverter.GetBytes(i));
            packetBytes += packet.Length;
            Assert.True(pair.TunA.Inject(packet));
            Assert.True(pair.TunB.TryTake(out byte[] received, TimeSpan.FromSeconds(5)), $"packet {i} arrived");
            Assert.Equal(i, BitConverter.ToInt32(received, 28));
        }

        DevicePair.WaitFor(() => pair.PeerAAtB.ReceivedPacketBytes == packetBytes + 29, "B counted every packet's bytes");
        Assert.Equal(pair.PeerBAtA.ForwardedPacketBytes, pair.PeerAAtB.ReceivedPacketBytes);
        Assert.True(pair.PeerAAtB.ReceivedBytes > pair.PeerAAtB.ReceivedPacketBytes, "datagrams carry header, padding and tag");
    }

    [Fact]
    public void ReplayedDataMessage_IsDeliveredOnce_AndCounted()
    {
        using DevicePair pair = new(TimeProvider.System);
        Assert.NotNull(pair.SendAToB([1]));
        pair.Network.Filter = d => d.Payload.Span[0] == 4 && d.Payload.Length > 32 ? MemoryDelivery.Duplicate : MemoryDelivery.Deliver;

        Assert.NotNull(pair.SendAToB([2, 2]));

        DevicePair.WaitFor(() => pair.B.Counters.Replayed >= 1, "the duplicate is refused as a replay");
        Assert.False(pair.TunB.TryTake(out _, TimeSpan.FromMilliseconds(200)), "the duplicate must not reach the interface");
    }

    [Fact]
    public void PacketFromAddressOutsidePeersAllowedIps_IsDropped()
    {
        using DevicePair pair = new(TimeProvider.System);
        Assert.NotNull(pair.SendAToB([1]));
        Assert.NotNull(pair.SendBToA([1]));

        // B routes to A, but claims a source that A does not allow for B (cryptokey routing, inbound).
        byte[] spoofed = DevicePair.Udp4(IPAddress.Parse("10.0.0.99"), DevicePair.TunnelA, [9]);
        Assert.True(pair.TunB.Inject(spoofed));

        DevicePair.WaitFor(() => pair.A.Counters.DisallowedSource == 1, "A drops the spoofed source");
        Assert.False(pair.TunA.TryTake(out _, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void PacketToAddressNoPeerOwns_IsDroppedAndCounted()
    {
        using DevicePair pair = new(TimeProvider.System);

        Assert.True(pair.TunA.Inject(DevicePair.Udp4(DevicePair.TunnelA, IPAddress.Parse("10.9.9.9"), [1])));

        DevicePair.WaitFor(() => pair.A.Counters.NoRoute == 1, "no route");
        Assert.Equal(0, pair.PeerBAtA.TransmittedBytes);
    }

    [Fact]
    public void ForwardingSwitchedOff_StopsBothDirectionsFromTheNextPacket_AndOnAgainResumes()
    {
        using DevicePair pair = new(TimeProvider.System);
        Assert.NotNull(pair.SendAToB([1]));
        Assert.NotNull(pair.SendBToA([1]));
        Peer clientAtProvider = pair.PeerAAtB;
        long before = clientAtProvider.ReceivedPacketBytes;

        clientAtProvider.Forwarding = false;
        Assert.Null(pair.SendAToB([2], TimeSpan.FromMilliseconds(300)));
        Assert.Null(pair.SendBToA([3], TimeSpan.FromMilliseconds(300)));

        Assert.Equal(2, pair.B.Counters.Paused);
        Assert.Equal(before, clientAtProvider.ReceivedPacketBytes);
        clientAtProvider.Forwarding = true;
        Assert.NotNull(pair.SendAToB([4]));
        Assert.NotNull(pair.SendBToA([5]));
    }

    [Fact]
    public void Roaming_PeerEndpointFollowsAuthenticatedPackets_AndRepliesGoToTheNewAddress()
    {
        using DevicePair pair = new(TimeProvider.System);
        Assert.NotNull(pair.SendAToB([1]));
        IPEndPoint moved = pair.TransportA.MoveTo(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 0));

        Assert.NotNull(pair.SendAToB([2]));
        Assert.Equal(moved, pair.PeerAAtB.GetEndpoint());
        Assert.NotNull(pair.SendBToA([3]));
    }

    [Fact]
    public void UnauthenticatedDatagramFromElsewhere_DoesNotMoveTheEndpoint()
    {
        using DevicePair pair = new(TimeProvider.System);
        Assert.NotNull(pair.SendAToB([1]));
        IPEndPoint before = pair.PeerAAtB.GetEndpoint()!;
        using MemoryDatagramTransport attacker = pair.Network.Bind(IPAddress.Parse("203.0.113.66"));

        // A data message for a live index with a forged tag.
        uint index = pair.PeerAAtB.Current!.LocalIndex;
        byte[] forged = new byte[16 + 32];
        forged[0] = 4;
        BitConverter.TryWriteBytes(forged.AsSpan(4), index);
        BitConverter.TryWriteBytes(forged.AsSpan(8), 1_000_000UL);
        attacker.Send(forged, attacker.ToSocketAddress(new IPEndPoint(DevicePair.UnderlayB, DevicePair.Port)));

        DevicePair.WaitFor(() => pair.B.Counters.AuthenticationFailed >= 1, "the forged message fails authentication");
        Assert.Equal(before, pair.PeerAAtB.GetEndpoint());
    }

    [Fact]
    public void RandomAndMutatedDatagrams_AreDroppedAndCounted_AndTheDeviceKeepsWorking()
    {
        using DevicePair pair = new(TimeProvider.System);
        Assert.NotNull(pair.SendAToB([1]));
        using MemoryDatagramTransport fuzzer = pair.Network.Bind(IPAddress.Parse("203.0.113.5"));
        System.Net.SocketAddress target = fuzzer.ToSocketAddress(new IPEndPoint(DevicePair.UnderlayB, DevicePair.Port));
        for (int i = 0; i < 5000; i++)
        {
            byte[] datagram = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 200));
            if (datagram.Length > 4 && i % 2 == 0)
            {
                // Plausible headers: a known type and zero reserved bytes, so deeper parsers are reached.
                datagram[0] = (byte)RandomNumberGenerator.GetInt32(1, 5);
                datagram[1] = datagram[2] = datagram[3] = 0;
            }

            fuzzer.Send(datagram, target);
        }

        DeviceCounters c = pair.B.Counters;
        DevicePair.WaitFor(
            () => c.Malformed + c.UnknownIndex + c.AuthenticationFailed + c.HandshakeQueueFull + pair.Network.Lost >= 5000,
            "every garbage datagram is counted somewhere");
        Assert.NotNull(pair.SendAToB([2]));
        Assert.NotNull(pair.SendBToA([3]));
    }

    [Fact]
    public void UnmovedEndpoint_ReportedInALargerAddressBuffer_IsNotCopiedAgain()
    {
        using DevicePair pair = new(TimeProvider.System, start: false);
        Peer peer = pair.PeerBAtA;
        var endpoint = new IPEndPoint(DevicePair.UnderlayB, DevicePair.Port);
        peer.SetEndpoint(endpoint);
        SocketAddress stored = peer.Endpoint!;

        // The receive loop reuses one IPv6-sized address; an IPv4 source fills only its first bytes.
        SocketAddress received = new(System.Net.Sockets.AddressFamily.InterNetworkV6);
        endpoint.Serialize().Buffer.Span.CopyTo(received.Buffer.Span);
        received.Size = stored.Size;
        peer.UpdateEndpoint(received);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            peer.UpdateEndpoint(received);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Same(stored, peer.Endpoint);
    }
}
