using System.Buffers.Binary;
using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Noise;
using Dvpn.WireGuard.Userspace.Routing;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// One session's transport keys (whitepaper §5.4.6) with their ciphers made once, the sending counter, the receiving
/// replay window and the session's birth time. Sealing may be called from several threads (the data path, timers);
/// opening only from the receive thread. Disposing frees the ciphers and zeroes the key copies.
/// </summary>
internal sealed class Keypair : IDisposable
{
    private readonly ChaCha20Poly1305 _sending;
    private readonly ChaCha20Poly1305 _receiving;
    private readonly Lock _sendGate = new();
    private long _nextCounter = -1; // incremented before use: the first message carries 0
    private int _disposed;

    public Keypair(TransportKeys keys, Peer peer, long createdTimestamp)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _sending = new ChaCha20Poly1305(keys.Sending);
        _receiving = new ChaCha20Poly1305(keys.Receiving);
        LocalIndex = keys.LocalIndex;
        RemoteIndex = keys.RemoteIndex;
        IsInitiator = keys.IsInitiator;
        Peer = peer;
        CreatedTimestamp = createdTimestamp;
    }

    /// <summary>Our index: the receiver field of data sent to us.</summary>
    public uint LocalIndex { get; }

    /// <summary>The peer's index: the receiver field of data we send.</summary>
    public uint RemoteIndex { get; }

    /// <summary>Whether we initiated the handshake that made it (only the initiator rekeys on age or count).</summary>
    public bool IsInitiator { get; }

    /// <summary>The peer it belongs to.</summary>
    public Peer Peer { get; }

    /// <summary>When the handshake completed (a <see cref="TimeProvider"/> timestamp).</summary>
    public long CreatedTimestamp { get; }

    /// <summary>Counters seen, for the replay check.</summary>
    public ReplayWindow Replay { get; } = new();

    /// <summary>The counter the next sealed message will carry.</summary>
    public ulong NextSendCounter => (ulong)(Volatile.Read(ref _nextCounter) + 1);

    /// <summary>Whether the key was disposed (expired or replaced).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Writes the transport data message carrying <paramref name="packet"/> (empty: a keepalive), padded to 16, into
    /// <paramref name="destination"/>; false when the counter is exhausted or the key was disposed.
    /// </summary>
    public bool TrySeal(ReadOnlySpan<byte> packet, Span<byte> destination, out int length, out ulong counter)
    {
        length = 0;
        counter = (ulong)Interlocked.Increment(ref _nextCounter);
        if (counter >= Limits.RejectAfterMessages)
        {
            return false;
        }

        int padded = TransportData.PaddedLength(packet.Length);
        length = TransportData.HeaderSize + padded + Aead.TagSize;
        TransportData.WriteHeader(RemoteIndex, counter, destination);
        Span<byte> body = destination.Slice(TransportData.HeaderSize, padded);
        if (!packet.Overlaps(body, out int offset) || offset != 0)
        {
            packet.CopyTo(body);
        }

        body[packet.Length..].Clear();
        Span<byte> nonce = stackalloc byte[Aead.NonceSize];
        WriteNonce(counter, nonce);
        lock (_sendGate)
        {
            if (IsDisposed)
            {
                length = 0;
                return false;
            }

            _sending.Encrypt(nonce, body, body, destination.Slice(TransportData.HeaderSize + padded, Aead.TagSize));
        }

        return true;
    }

    /// <summary>
    /// Decrypts the sealed part of a transport data message (already routed here by its receiver index) in place
    /// into <paramref name="destination"/>; false when it does not authenticate. The replay window is the caller's.
    /// </summary>
    public bool TryOpen(ulong counter, ReadOnlySpan<byte> encryptedPacket, Span<byte> destination)
    {
        if (encryptedPacket.Length < Aead.TagSize || IsDisposed)
        {
            return false;
        }

        int length = encryptedPacket.Length - Aead.TagSize;
        Span<byte> nonce = stackalloc byte[Aead.NonceSize];
        WriteNonce(counter, nonce);
        try
        {
            _receiving.Decrypt(nonce, encryptedPacket[..length], encryptedPacket[length..], destination[..length]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], counter);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The sending cipher may be in use by another thread: take its lock. Opening happens only on the receive
        // thread, which checks IsDisposed and tolerates ObjectDisposedException.
        lock (_sendGate)
        {
            _sending.Dispose();
        }

        _receiving.Dispose();
    }
}
