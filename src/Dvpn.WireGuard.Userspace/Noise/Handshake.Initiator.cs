using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;

namespace Dvpn.WireGuard.Userspace.Noise;

/// <summary>The initiator's side: the first message (§5.4.2) and the consumption of the response (§5.4.3).</summary>
internal sealed partial class Handshake
{
    /// <summary>A handshake we start towards the peer whose static public key is <paramref name="remoteStatic"/>.</summary>
    public static Handshake CreateInitiator(StaticIdentity local, ReadOnlySpan<byte> remoteStatic, ReadOnlySpan<byte> presharedKey)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (remoteStatic.Length != Curve25519.KeySize || (presharedKey.Length != 0 && presharedKey.Length != Blake2s.HashSize))
        {
            throw new ArgumentException("Keys are 32 bytes (an absent preshared key is empty).");
        }

        Handshake handshake = new(local, isInitiator: true);
        remoteStatic.CopyTo(handshake._remoteStatic);
        presharedKey.CopyTo(handshake._presharedKey);
        return handshake;
    }

    /// <summary>
    /// Writes the handshake initiation into <paramref name="message"/> (<see cref="HandshakeInitiation.Size"/> bytes),
    /// with mac1 and a zero mac2. False when a DH yields zero (the peer's key is a low-order point).
    /// </summary>
    public bool CreateInitiation(DateTimeOffset now, Span<byte> message)
    {
        if (State != HandshakeState.New || message.Length < HandshakeInitiation.Size)
        {
            throw new InvalidOperationException("An initiation is created once, into 148 bytes.");
        }

        message = message[..HandshakeInitiation.Size];
        Span<byte> key = stackalloc byte[Aead.KeySize];
        Span<byte> timestamp = stackalloc byte[Tai64N.Size];
        try
        {
            Initialize(_remoteStatic);
            LocalIndex = NewIndex();
            MessageHeader.Write(MessageType.HandshakeInitiation, message);
            BinaryPrimitives.WriteUInt32LittleEndian(message[HandshakeInitiation.SenderOffset..], LocalIndex);

            Span<byte> ephemeral = message.Slice(HandshakeInitiation.EphemeralOffset, Curve25519.KeySize);
            Curve25519.GeneratePrivateKey(_localEphemeral);
            Curve25519.PublicKey(_localEphemeral, ephemeral);
            MixKey(ephemeral);
            MixHash(ephemeral);

            if (!MixDh(_localEphemeral, _remoteStatic, key))
            {
                return Fail();
            }

            EncryptAndHash(key, _local.PublicKey, message.Slice(HandshakeInitiation.EncryptedStaticOffset, HandshakeInitiation.EncryptedStaticSize));

            if (!MixDh(_local.PrivateKey, _remoteStatic, key))
            {
                return Fail();
            }

            Tai64N.Write(now, timestamp);
            EncryptAndHash(key, timestamp, message.Slice(HandshakeInitiation.EncryptedTimestampOffset, HandshakeInitiation.EncryptedTimestampSize));

            WriteMacs(_remoteStatic, message, HandshakeInitiation.Mac1Offset);
            State = HandshakeState.InitiationSent;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Consumes a response from the network: false (the handshake unchanged, still waiting) unless it is well
    /// formed, carries a right mac1, answers our index and authenticates; then the transport keys.
    /// </summary>
    public bool TryConsumeResponse(ReadOnlySpan<byte> message, [NotNullWhen(true)] out TransportKeys? keys)
    {
        keys = null;
        if (State != HandshakeState.InitiationSent
            || !HandshakeResponse.TryRead(message, out HandshakeResponse response)
            || response.Receiver != LocalIndex
            || !MacKeys.VerifyMac1(_local.Mac1Key, message, HandshakeResponse.Mac1Offset))
        {
            return false;
        }

        // Work on a copy of C and H: a response that fails to authenticate leaves the handshake waiting.
        Span<byte> savedChainingKey = stackalloc byte[Blake2s.HashSize];
        Span<byte> savedHash = stackalloc byte[Blake2s.HashSize];
        Span<byte> key = stackalloc byte[Aead.KeySize];
        _chainingKey.CopyTo(savedChainingKey);
        _hash.CopyTo(savedHash);
        try
        {
            response.Ephemeral.CopyTo(_remoteEphemeral);
            MixKey(_remoteEphemeral);
            MixHash(_remoteEphemeral);
            if (MixDhKeyOnly(_localEphemeral, _remoteEphemeral)
                && MixDhKeyOnly(_local.PrivateKey, _remoteEphemeral))
            {
                MixKeyAndHash(key);
                if (DecryptAndHash(key, response.EncryptedNothing, []))
                {
                    RemoteIndex = response.Sender;
                    keys = DeriveTransportKeys();
                    return true;
                }
            }

            savedChainingKey.CopyTo(_chainingKey);
            savedHash.CopyTo(_hash);
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(savedChainingKey);
            CryptographicOperations.ZeroMemory(savedHash);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    // mac1 = Mac(Hash(LABEL_MAC1 || Spub_receiver), msg_α); mac2 = zero until cookies are implemented (§5.4.4).
    private static void WriteMacs(ReadOnlySpan<byte> receiverStatic, Span<byte> message, int mac1Offset)
    {
        Span<byte> mac1Key = stackalloc byte[Blake2s.HashSize];
        MacKeys.Mac1Key(receiverStatic, mac1Key);
        MacKeys.WriteMac1(mac1Key, message, mac1Offset);
        message.Slice(mac1Offset + Blake2s.MacSize, Blake2s.MacSize).Clear();
    }
}
