using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// One peer of a device: its static key and preshared key, endpoint (roaming with authenticated packets), the three
/// sessions (previous, current, next; whitepaper §6.1), the handshake in flight, the five protocol timers, traffic
/// counters and the provider's forwarding switch. Split by concern: keypairs, handshakes, sending, timers.
/// </summary>
internal sealed partial class Peer : IDisposable
{
    private readonly byte[] _presharedKey = new byte[Blake2s.HashSize];
    private readonly ConcurrentQueue<StagedPacket> _staged = new();
    private SocketAddress? _endpoint;
    private long _receivedBytes;
    private long _transmittedBytes;
    private long _receivedPacketBytes;
    private long _forwardedPacketBytes;
    private long _lastHandshakeUnixMilliseconds;
    private volatile bool _forwarding = true;
    private int _disposed;

    public Peer(WireGuardDevice device, ReadOnlySpan<byte> publicKey)
    {
        Device = device;
        PublicKey = publicKey.ToArray();
        Id = PublicKeyId.From(publicKey);
        Name = Id.ToShortString();
        TimeProvider time = device.TimeProvider;
        _retransmitHandshake = new LazyTimer(time, ExpiredRetransmitHandshake);
        _sendKeepalive = new LazyTimer(time, ExpiredSendKeepalive);
        _newHandshake = new LazyTimer(time, ExpiredNewHandshake);
        _zeroKeyMaterial = new LazyTimer(time, ExpiredZeroKeyMaterial);
        _persistentKeepalive = new LazyTimer(time, ExpiredPersistentKeepalive);
    }

    /// <summary>The device it belongs to.</summary>
    public WireGuardDevice Device { get; }

    /// <summary>The static public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The key as a dictionary key.</summary>
    public PublicKeyId Id { get; }

    /// <summary>A short, non-secret name for logs.</summary>
    public string Name { get; }

    /// <summary>Where its packets go: the configured endpoint, then the source of its latest authenticated packet.</summary>
    public SocketAddress? Endpoint => Volatile.Read(ref _endpoint);

    /// <summary>Seconds between keepalives sent regardless of traffic (0: off).</summary>
    public ushort PersistentKeepaliveInterval { get; private set; }

    /// <summary>
    /// Whether packets to and from this peer are forwarded. Off, every data packet in either direction is dropped
    /// (and counted) from the next one on, while handshakes and keepalives go on: the session stays up, the traffic
    /// stops. The provider turns it off when a client stops paying and on again once it has.
    /// </summary>
    public bool Forwarding
    {
        get => _forwarding;
        set => _forwarding = value;
    }

    /// <summary>Bytes of every datagram received from the peer and authenticated (what <c>wg</c> shows as received).</summary>
    public long ReceivedBytes => Volatile.Read(ref _receivedBytes);

    /// <summary>Bytes of every datagram sent to the peer (what <c>wg</c> shows as sent).</summary>
    public long TransmittedBytes => Volatile.Read(ref _transmittedBytes);

    /// <summary>Bytes of the IP packets from the peer handed to the interface (inside the tunnel, without padding).</summary>
    public long ReceivedPacketBytes => Volatile.Read(ref _receivedPacketBytes);

    /// <summary>Bytes of the IP packets from the interface sealed for the peer.</summary>
    public long ForwardedPacketBytes => Volatile.Read(ref _forwardedPacketBytes);

    /// <summary>When the latest handshake completed, or null.</summary>
    public DateTimeOffset? LastHandshake
    {
        get
        {
            long ms = Volatile.Read(ref _lastHandshakeUnixMilliseconds);
            return ms == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
    }

    /// <summary>The preshared key, or empty when none (all zeros).</summary>
    internal ReadOnlySpan<byte> PresharedKeyOrEmpty => _presharedKey.AsSpan().IndexOfAnyExcept((byte)0) < 0 ? [] : _presharedKey;

    /// <summary>Whether a preshared key is set.</summary>
    public bool HasPresharedKey => _presharedKey.AsSpan().IndexOfAnyExcept((byte)0) >= 0;

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Sets the preshared key (all zeros or empty removes it).</summary>
    public void SetPresharedKey(ReadOnlySpan<byte> key)
    {
        lock (_handshakeGate)
        {
            if (key.IsEmpty)
            {
                CryptographicOperations.ZeroMemory(_presharedKey);
            }
            else
            {
                key.CopyTo(_presharedKey);
            }
        }
    }

    /// <summary>A copy of the preshared key for the configuration snapshot, or null.</summary>
    public byte[]? ExportPresharedKey()
    {
        lock (_handshakeGate)
        {
            return HasPresharedKey ? (byte[])_presharedKey.Clone() : null;
        }
    }

    /// <summary>Sets the endpoint from configuration.</summary>
    public void SetEndpoint(IPEndPoint endpoint) => Volatile.Write(ref _endpoint, Device.ToSocketAddress(endpoint));

    /// <summary>The endpoint as an <see cref="IPEndPoint"/>, or null.</summary>
    public IPEndPoint? GetEndpoint()
    {
        SocketAddress? endpoint = Endpoint;
        return endpoint is null ? null : Device.ToEndPoint(endpoint);
    }

    /// <summary>Roaming (whitepaper §2.1): the endpoint follows the source of authenticated packets. Allocates only when it moved.</summary>
    internal void UpdateEndpoint(SocketAddress source)
    {
        SocketAddress? current = Volatile.Read(ref _endpoint);
        // Compared over Size only: SocketAddress.Equals also compares the unused tail of the buffer, which differs
        // between the receive loop's IPv6-sized address and a stored IPv4 one, and would allocate on every packet.
        if (current is not null && current.Size == source.Size
            && current.Buffer.Span[..current.Size].SequenceEqual(source.Buffer.Span[..source.Size]))
        {
            return;
        }

        SocketAddress copy = new(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
        Volatile.Write(ref _endpoint, copy);
    }

    /// <summary>Sets the persistent keepalive interval; turning it on sends one at once (like wireguard-go) so a NAT mapping opens.</summary>
    public void SetPersistentKeepalive(ushort seconds)
    {
        bool turnedOn = PersistentKeepaliveInterval == 0 && seconds > 0;
        PersistentKeepaliveInterval = seconds;
        if (seconds == 0)
        {
            _persistentKeepalive.Delete();
        }
        else if (turnedOn && Device.IsRunning)
        {
            SendKeepalive();
        }
    }

    internal void CountReceived(int datagramLength) => Interlocked.Add(ref _receivedBytes, datagramLength);

    internal void CountReceivedPacket(int packetLength) => Interlocked.Add(ref _receivedPacketBytes, packetLength);

    internal void CountForwardedPacket(int packetLength) => Interlocked.Add(ref _forwardedPacketBytes, packetLength);

    private void MarkHandshakeComplete() =>
        Volatile.Write(ref _lastHandshakeUnixMilliseconds, Device.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _retransmitHandshake.Dispose();
        _sendKeepalive.Dispose();
        _newHandshake.Dispose();
        _zeroKeyMaterial.Dispose();
        _persistentKeepalive.Dispose();
        ZeroAndFlushAll();
        ZeroCookie();
        lock (_handshakeGate)
        {
            CryptographicOperations.ZeroMemory(_presharedKey);
        }
    }
}
