using System.Buffers.Binary;
using System.Net;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Device;
using Dvpn.WireGuard.Userspace.Io;
using Dvpn.WireGuard.Userspace.Uapi;

namespace Dvpn.WireGuard.Userspace.Tests.Device;

/// <summary>
/// Two engines over an in-memory network: A (192.0.2.1, tunnel 10.0.0.1) knows B's endpoint; B (192.0.2.2, tunnel
/// 10.0.0.2) learns A's from its initiation. Packets go in through one memory interface and come out of the other.
/// </summary>
internal sealed class DevicePair : IDisposable
{
    public static readonly IPAddress UnderlayA = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress UnderlayB = IPAddress.Parse("192.0.2.2");
    public static readonly IPAddress TunnelA = IPAddress.Parse("10.0.0.1");
    public static readonly IPAddress TunnelB = IPAddress.Parse("10.0.0.2");
    public const ushort Port = 51820;

    public DevicePair(TimeProvider time, byte[]? presharedKey = null, ushort persistentKeepalive = 0, bool start = true)
    {
        Time = time;
        KeyA = NewPrivateKey(out byte[] publicA);
        KeyB = NewPrivateKey(out byte[] publicB);
        PublicA = publicA;
        PublicB = publicB;
        A = new WireGuardDevice(TunA, port => TransportA = Network.Bind(UnderlayA, port), time);
        B = new WireGuardDevice(TunB, port => TransportB = Network.Bind(UnderlayB, port), time);

        var requestA = new UapiSetRequest { PrivateKey = KeyA, ListenPort = Port };
        var peerB = new UapiPeerChange { PublicKey = publicB, Endpoint = new IPEndPoint(UnderlayB, Port), PresharedKey = presharedKey };
        if (persistentKeepalive > 0)
        {
            peerB.PersistentKeepaliveInterval = persistentKeepalive;
        }

        peerB.AllowedIps.Add(new IPNetwork(TunnelB, 32));
        requestA.Peers.Add(peerB);
        A.Apply(requestA);

        var requestB = new UapiSetRequest { PrivateKey = KeyB, ListenPort = Port };
        var peerA = new UapiPeerChange { PublicKey = publicA, PresharedKey = presharedKey };
        peerA.AllowedIps.Add(new IPNetwork(TunnelA, 32));
        requestB.Peers.Add(peerA);
        B.Apply(requestB);

        if (start)
        {
            A.Start();
            B.Start();
        }
    }

    public TimeProvider Time { get; }

    public MemoryNetwork Network { get; } = new();

    public MemoryPacketInterface TunA { get; } = new("memA");

    public MemoryPacketInterface TunB { get; } = new("memB");

    public MemoryDatagramTransport TransportA { get; private set; } = null!;

    public MemoryDatagramTransport TransportB { get; private set; } = null!;

    public WireGuardDevice A { get; }

    public WireGuardDevice B { get; }

    public byte[] KeyA { get; }

    public byte[] KeyB { get; }

    public byte[] PublicA { get; }

    public byte[] PublicB { get; }

    /// <summary>A's view of B.</summary>
    public Peer PeerBAtA => A.FindPeer(PublicB)!;

    /// <summary>B's view of A.</summary>
    public Peer PeerAAtB => B.FindPeer(PublicA)!;

    public static byte[] NewPrivateKey(out byte[] publicKey)
    {
        byte[] key = new byte[Curve25519.KeySize];
        Curve25519.GeneratePrivateKey(key);
        publicKey = new byte[Curve25519.KeySize];
        Curve25519.PublicKey(key, publicKey);
        return key;
    }

    /// <summary>An IPv4/UDP packet (checksums are not the engine's concern, the header length is).</summary>
    public static byte[] Udp4(IPAddress source, IPAddress destination, ReadOnlySpan<byte> payload)
    {
        byte[] packet = new byte[20 + 8 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 17;
        source.TryWriteBytes(packet.AsSpan(12, 4), out _);
        destination.TryWriteBytes(packet.AsSpan(16, 4), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 9);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(packet.AsSpan(28));
        return packet;
    }

    /// <summary>Injects a packet into A addressed to B and returns what B's interface delivered (null: nothing within the timeout).</summary>
    public byte[]? SendAToB(ReadOnlySpan<byte> payload, TimeSpan? timeout = null)
    {
        byte[] packet = Udp4(TunnelA, TunnelB, payload);
        Assert.True(TunA.Inject(packet));
        return TunB.TryTake(out byte[] received, timeout ?? TimeSpan.FromSeconds(5)) ? received : null;
    }

    /// <summary>Injects a packet into B addressed to A and returns what A's interface delivered.</summary>
    public byte[]? SendBToA(ReadOnlySpan<byte> payload, TimeSpan? timeout = null)
    {
        byte[] packet = Udp4(TunnelB, TunnelA, payload);
        Assert.True(TunB.Inject(packet));
        return TunA.TryTake(out byte[] received, timeout ?? TimeSpan.FromSeconds(5)) ? received : null;
    }

    /// <summary>Polls <paramref name="condition"/> (for what other threads do) for up to 5 s.</summary>
    public static void WaitFor(Func<bool> condition, string what)
    {
        long deadline = Environment.TickCount64 + 5000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("still not true after 5 s: " + what);
            }

            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
