using System.Buffers.Binary;
using System.Net;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Device;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Uapi;

namespace Dvpn.Benchmarks.WireGuard;

/// <summary>
/// Two started devices with an established session, then cut off from each other. A (underlay 192.0.2.1, tunnel
/// 10.0.0.1) is the initiator, like a client; B (192.0.2.2, 10.0.0.2) the responder. The constructor runs a real
/// handshake over the <see cref="BenchTransport"/> loopback (A sends one packet to B; B confirms the session on its
/// arrival), waits until both sides hold a current session, then switches both transports to discard. After that
/// the device threads are idle (blocked reading an empty interface and an empty inbox; timers are inert), so the
/// benchmark thread may drive <c>HandlePacket</c> and <c>HandleDatagram</c> as the send and receive threads would.
/// </summary>
internal sealed class WireGuardPair : IDisposable
{
    public static readonly IPAddress UnderlayA = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress UnderlayB = IPAddress.Parse("192.0.2.2");
    public static readonly IPAddress TunnelA = IPAddress.Parse("10.0.0.1");
    public static readonly IPAddress TunnelB = IPAddress.Parse("10.0.0.2");
    public const ushort Port = 51820;

    public WireGuardPair()
    {
        var clock = new BenchClock();
        byte[] keyA = NewPrivateKey(out byte[] publicA);
        byte[] keyB = NewPrivateKey(out byte[] publicB);
        A = new WireGuardDevice(InterfaceA, port => TransportA = new BenchTransport(new IPEndPoint(UnderlayA, port)), clock);
        B = new WireGuardDevice(InterfaceB, port => TransportB = new BenchTransport(new IPEndPoint(UnderlayB, port)), clock);

        var requestA = new UapiSetRequest { PrivateKey = keyA, ListenPort = Port };
        var peerB = new UapiPeerChange { PublicKey = publicB, Endpoint = new IPEndPoint(UnderlayB, Port) };
        peerB.AllowedIps.Add(new IPNetwork(TunnelB, 32));
        requestA.Peers.Add(peerB);
        A.Apply(requestA);

        var requestB = new UapiSetRequest { PrivateKey = keyB, ListenPort = Port };
        var peerA = new UapiPeerChange { PublicKey = publicA };
        peerA.AllowedIps.Add(new IPNetwork(TunnelA, 32));
        requestB.Peers.Add(peerA);
        B.Apply(requestB);

        TransportA.Partner = TransportB;
        TransportB.Partner = TransportA;
        PeerBAtA = A.FindPeer(publicB)!;
        PeerAAtB = B.FindPeer(publicA)!;
        A.Start();
        B.Start();

        // One packet A -> B: staged, handshake, sent under the new session, which confirms it at B.
        byte[] buffer = new byte[BufferSize(64)];
        WriteUdp4(TunnelA, TunnelB, buffer.AsSpan(TransportData.HeaderSize, 64));
        A.HandlePacket(buffer, 64);
        long deadline = Environment.TickCount64 + 10_000;
        while (InterfaceB.Written < 1 || PeerBAtA.Current is null || PeerAAtB.Current is null)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new InvalidOperationException("the benchmark devices did not complete a handshake within 10 s");
            }

            Thread.Sleep(1);
        }

        TransportA.Discard = true;
        TransportB.Discard = true;
    }

    public NullPacketInterface InterfaceA { get; } = new("benchA");

    public NullPacketInterface InterfaceB { get; } = new("benchB");

    public BenchTransport TransportA { get; private set; } = null!;

    public BenchTransport TransportB { get; private set; } = null!;

    public WireGuardDevice A { get; }

    public WireGuardDevice B { get; }

    /// <summary>A's view of B.</summary>
    public Peer PeerBAtA { get; }

    /// <summary>B's view of A.</summary>
    public Peer PeerAAtB { get; }

    /// <summary>A buffer as the device's send loop uses: header room, the packet, room for padding and the tag.</summary>
    public static int BufferSize(int packetSize) => TransportData.HeaderSize + packetSize + TransportData.PaddingMultiple + Aead.TagSize;

    /// <summary>Fills <paramref name="packet"/> with an IPv4/UDP packet of exactly its length (zero payload).</summary>
    public static void WriteUdp4(IPAddress source, IPAddress destination, Span<byte> packet)
    {
        packet.Clear();
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 17;
        source.TryWriteBytes(packet.Slice(12, 4), out _);
        destination.TryWriteBytes(packet.Slice(16, 4), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet[20..], 40000);
        BinaryPrimitives.WriteUInt16BigEndian(packet[22..], 9);
        BinaryPrimitives.WriteUInt16BigEndian(packet[24..], (ushort)(packet.Length - 20));
    }

    public static byte[] NewPrivateKey(out byte[] publicKey)
    {
        byte[] key = new byte[Curve25519.KeySize];
        Curve25519.GeneratePrivateKey(key);
        publicKey = new byte[Curve25519.KeySize];
        Curve25519.PublicKey(key, publicKey);
        return key;
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
