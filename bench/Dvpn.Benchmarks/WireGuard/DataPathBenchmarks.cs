using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Device;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Noise;
using Dvpn.WireGuard.Userspace.Routing;

namespace Dvpn.Benchmarks.WireGuard;

/// <summary>
/// The managed WireGuard data path per packet, for IPv4 packets of <see cref="PacketSize"/> bytes. Steady state must
/// allocate nothing (the Allocated column). Anchors: <see cref="ChaCha20Poly1305Encrypt"/> (the BCL AEAD alone on
/// the same bytes, the crypto floor and the Ratio baseline) and <see cref="CopyPacket"/> (one memcpy of the packet,
/// which <see cref="KeypairOpen"/>, <see cref="DeviceSend"/> and <see cref="DeviceReceive"/> each do once to restore
/// their input). See README.md next to this file.
/// </summary>
[MemoryDiagnoser]
public class DataPathBenchmarks
{
    /// <summary>Pre-sealed messages the open paths cycle through; the replay window is reset once per turn.</summary>
    private const int RingSize = 256;

    private const int HeaderSize = TransportData.HeaderSize;

    private byte[] _packet = null!;          // the plaintext IPv4 packet A sends (10.0.0.1 -> 10.0.0.2)
    private byte[] _copyTarget = null!;
    private ChaCha20Poly1305 _aead = null!;
    private readonly byte[] _nonce = new byte[Aead.NonceSize];
    private byte[] _aeadBuffer = null!;
    private int _padded;

    private Keypair _sealer = null!;
    private byte[] _sealBuffer = null!;

    private Keypair _opener = null!;
    private byte[] _openRing = null!;
    private byte[] _openWork = null!;
    private int _openSlot;

    private WireGuardPair _pair = null!;
    private byte[] _sendBuffer = null!;
    private byte[] _receiveRing = null!;
    private byte[] _receiveWork = null!;
    private ReplayWindow _receiveReplay = null!;
    private SocketAddress _sourceB = null!;
    private SocketAddress _sourceBIPv4 = null!;
    private int _receiveSlot;

    private int _messageLength;
    private int _slotSize;

    /// <summary>IP packet size in bytes (1420: a full packet at WireGuard's default MTU).</summary>
    [Params(64, 512, 1420)]
    public int PacketSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _padded = TransportData.PaddedLength(PacketSize);
        _messageLength = HeaderSize + _padded + Aead.TagSize;
        _slotSize = _messageLength;
        _packet = new byte[PacketSize];
        WireGuardPair.WriteUdp4(WireGuardPair.TunnelA, WireGuardPair.TunnelB, _packet);
        _copyTarget = new byte[WireGuardPair.BufferSize(PacketSize)];

        byte[] key = RandomNumberGenerator.GetBytes(Aead.KeySize);
        _aead = new ChaCha20Poly1305(key);
        _aeadBuffer = new byte[WireGuardPair.BufferSize(PacketSize)];
        _packet.CopyTo(_aeadBuffer, HeaderSize);

        // Two standalone sessions sharing one key: _sealer sends with it, _opener receives with it.
        _sealer = NewKeypair(sending: key, receiving: RandomNumberGenerator.GetBytes(Aead.KeySize));
        _sealBuffer = new byte[WireGuardPair.BufferSize(PacketSize)];
        _packet.CopyTo(_sealBuffer, HeaderSize);
        Keypair ringSealer = NewKeypair(sending: key, receiving: RandomNumberGenerator.GetBytes(Aead.KeySize));
        _opener = NewKeypair(sending: RandomNumberGenerator.GetBytes(Aead.KeySize), receiving: key);
        _openRing = SealRing(ringSealer, _packet);
        _openWork = new byte[_messageLength];

        // The device pair: A sends to B, and receives what B's current session sealed.
        _pair = new WireGuardPair();
        _sendBuffer = new byte[WireGuardPair.BufferSize(PacketSize)];
        byte[] fromB = new byte[PacketSize];
        WireGuardPair.WriteUdp4(WireGuardPair.TunnelB, WireGuardPair.TunnelA, fromB);
        _receiveRing = SealRing(_pair.PeerAAtB.Current!, fromB);
        _receiveWork = new byte[_messageLength];
        _receiveReplay = _pair.PeerBAtA.Current!.Replay;
        // B's endpoint as A's receive loop holds it (one IPv6-sized SocketAddress that the transport fills):
        // IPv4-mapped from a dual-stack socket, or plain IPv4 (16 of its 28 bytes) from an IPv4-only socket.
        _sourceB = ReceiveLoopAddress(_pair.TransportB.LocalAddress);
        _sourceBIPv4 = ReceiveLoopAddress(new IPEndPoint(WireGuardPair.UnderlayB, WireGuardPair.Port).Serialize());

        Verify();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DeviceCounters a = _pair.A.Counters;
        Console.WriteLine(
            $"// device A: sent {_pair.TransportA.Discarded}, delivered {_pair.InterfaceA.Written}, drops: malformed {a.Malformed}, " +
            $"unknownIndex {a.UnknownIndex}, authFailed {a.AuthenticationFailed}, replayed {a.Replayed}, expiredKey {a.ExpiredKey}, " +
            $"disallowedSource {a.DisallowedSource}, noRoute {a.NoRoute}, sendFailed {a.SendFailed}, noEndpoint {a.NoEndpoint}");
        _pair.Dispose();
        _aead.Dispose();
        _sealer.Dispose();
        _opener.Dispose();
    }

    /// <summary>One memcpy of the packet (what each restoring op pays on top of its real work).</summary>
    [Benchmark]
    public void CopyPacket() => _packet.AsSpan().CopyTo(_copyTarget.AsSpan(HeaderSize));

    /// <summary>The BCL AEAD alone, in place on the padded packet: the floor for sealing.</summary>
    [Benchmark(Baseline = true)]
    public void ChaCha20Poly1305Encrypt()
    {
        Span<byte> body = _aeadBuffer.AsSpan(HeaderSize, _padded);
        _aead.Encrypt(_nonce, body, body, _aeadBuffer.AsSpan(HeaderSize + _padded, Aead.TagSize));
    }

    /// <summary><see cref="Keypair.TrySeal"/> in place, as the device does (header, padding, counter, AEAD).</summary>
    [Benchmark]
    public bool KeypairSeal() => _sealer.TrySeal(_sealBuffer.AsSpan(HeaderSize, PacketSize), _sealBuffer, out _, out _);

    /// <summary>
    /// The open path of one message: restore it from the ring (memcpy), read its counter, replay pre-check,
    /// <see cref="Keypair.TryOpen"/> in place, accept the counter; the window is reset once per ring turn.
    /// </summary>
    [Benchmark]
    public bool KeypairOpen()
    {
        int slot = _openSlot;
        Span<byte> message = _openWork.AsSpan(0, _messageLength);
        _openRing.AsSpan(slot * _slotSize, _messageLength).CopyTo(message);
        ulong counter = BinaryPrimitives.ReadUInt64LittleEndian(message[TransportData.CounterOffset..]);
        ReplayWindow replay = _opener.Replay;
        Span<byte> sealedPart = message[HeaderSize..];
        bool opened = replay.IsAcceptable(counter)
            && _opener.TryOpen(counter, sealedPart, sealedPart[..^Aead.TagSize])
            && replay.TryAccept(counter);
        if (++slot == RingSize)
        {
            slot = 0;
            replay.Reset();
        }

        _openSlot = slot;
        return opened;
    }

    /// <summary>
    /// Device A's send path for one packet: restore it into the buffer (the TUN read's copy), then
    /// <c>HandlePacket</c>: route lookup, peer checks, seal in place, send to the discarding transport, timers.
    /// </summary>
    [Benchmark]
    public void DeviceSend()
    {
        _packet.AsSpan().CopyTo(_sendBuffer.AsSpan(HeaderSize));
        _pair.A.HandlePacket(_sendBuffer, PacketSize);
    }

    /// <summary>
    /// Device A's receive path for one transport-data message from B: restore it from the ring (the socket read's
    /// copy), then <c>HandleDatagram</c>: index lookup, age and replay checks, open in place, counters, endpoint,
    /// timers, source routing check, write to the no-op interface. The window is reset once per ring turn.
    /// </summary>
    [Benchmark]
    public void DeviceReceive() => ReceiveNext(_sourceB);

    /// <summary>
    /// <see cref="DeviceReceive"/> with B's endpoint as an IPv4-only socket (or the memory transport) reports it:
    /// a 16-byte IPv4 address in the receive loop's 28-byte <see cref="SocketAddress"/>. Shows the cost of the
    /// endpoint-roaming check for that case.
    /// </summary>
    [Benchmark]
    public void DeviceReceiveIPv4Source() => ReceiveNext(_sourceBIPv4);

    // Restores the next message of the ring (opening is in place) and hands it to device A as from source.
    private void ReceiveNext(SocketAddress source)
    {
        int slot = _receiveSlot;
        Span<byte> message = _receiveWork.AsSpan(0, _messageLength);
        _receiveRing.AsSpan(slot * _slotSize, _messageLength).CopyTo(message);
        _pair.A.HandleDatagram(message, source);
        if (++slot == RingSize)
        {
            slot = 0;
            _receiveReplay.Reset();
        }

        _receiveSlot = slot;
    }

    private static SocketAddress ReceiveLoopAddress(SocketAddress address)
    {
        var held = new SocketAddress(AddressFamily.InterNetworkV6);
        address.Buffer.Span[..address.Size].CopyTo(held.Buffer.Span);
        held.Size = address.Size;
        return held;
    }

    private static Keypair NewKeypair(byte[] sending, byte[] receiving)
    {
        using var keys = new TransportKeys(sending, receiving, localIndex: 1, remoteIndex: 2, isInitiator: true);
        return new Keypair(keys, peer: null!, createdTimestamp: 0);
    }

    // RingSize messages carrying `packet`, sealed by `sealer` with consecutive counters.
    private byte[] SealRing(Keypair sealer, byte[] packet)
    {
        byte[] ring = new byte[RingSize * _slotSize];
        byte[] scratch = new byte[WireGuardPair.BufferSize(packet.Length)];
        for (int i = 0; i < RingSize; i++)
        {
            packet.CopyTo(scratch, HeaderSize);
            if (!sealer.TrySeal(scratch.AsSpan(HeaderSize, packet.Length), scratch, out int length, out _) || length != _messageLength)
            {
                throw new InvalidOperationException("sealing the ring failed");
            }

            scratch.AsSpan(0, length).CopyTo(ring.AsSpan(i * _slotSize));
        }

        return ring;
    }

    // Every op must do its whole job, or the numbers measure an early exit. One full ring turn and more.
    private void Verify()
    {
        for (int i = 0; i <= RingSize; i++)
        {
            if (!KeypairSeal() || !KeypairOpen())
            {
                throw new InvalidOperationException($"seal/open failed at op {i}");
            }
        }

        long sent = _pair.TransportA.Discarded;
        long delivered = _pair.InterfaceA.Written;
        for (int i = 0; i <= RingSize; i++)
        {
            DeviceSend();
            DeviceReceive();
        }

        DeviceCounters a = _pair.A.Counters;
        if (_pair.TransportA.Discarded - sent != RingSize + 1 || _pair.InterfaceA.Written - delivered != RingSize + 1
            || a.Malformed + a.UnknownIndex + a.AuthenticationFailed + a.Replayed + a.ExpiredKey + a.DisallowedSource + a.NoRoute + a.SendFailed + a.NoEndpoint != 0)
        {
            throw new InvalidOperationException(
                $"device ops incomplete: sent {_pair.TransportA.Discarded - sent}, delivered {_pair.InterfaceA.Written - delivered} of {RingSize + 1}");
        }
    }
}
