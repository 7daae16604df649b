using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;

namespace Dvpn.WireGuard.Userspace.Noise;

/// <summary>The responder's side: consuming the initiation (§5.4.2) and creating the response (§5.4.3).</summary>
internal sealed partial class Handshake
{
    /// <summary>
    /// Consumes an initiation from the network: false unless it is well formed, carries a right mac1 for
    /// <paramref name="local"/> and authenticates. The caller then checks <see cref="RemoteStatic"/> is a known peer
    /// and <see cref="Timestamp"/> is newer than the last one from it, before <see cref="CreateResponse"/>.
    /// </summary>
    public static bool TryConsumeInitiation(StaticIdentity local, ReadOnlySpan<byte> message, [NotNullWhen(true)] out Handshake? handshake)
    {
        ArgumentNullException.ThrowIfNull(local);
        handshake = null;
        if (!HandshakeInitiation.TryRead(message, out HandshakeInitiation initiation)
            || !MacKeys.VerifyMac1(local.Mac1Key, message, HandshakeInitiation.Mac1Offset))
        {
            return false;
        }

        Handshake candidate = new(local, isInitiator: false);
        Span<byte> key = stackalloc byte[Aead.KeySize];
        try
        {
            candidate.Initialize(local.PublicKey);
            initiation.Ephemeral.CopyTo(candidate._remoteEphemeral);
            candidate.MixKey(candidate._remoteEphemeral);
            candidate.MixHash(candidate._remoteEphemeral);
            if (!candidate.MixDh(local.PrivateKey, candidate._remoteEphemeral, key)
                || !candidate.DecryptAndHash(key, initiation.EncryptedStatic, candidate._remoteStatic)
                || !candidate.MixDh(local.PrivateKey, candidate._remoteStatic, key)
                || !candidate.DecryptAndHash(key, initiation.EncryptedTimestamp, candidate._timestamp))
            {
                candidate.Dispose();
                return false;
            }

            candidate.RemoteIndex = initiation.Sender;
            candidate.State = HandshakeState.InitiationConsumed;
            handshake = candidate;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Writes the response into <paramref name="message"/> (<see cref="HandshakeResponse.Size"/> bytes) using the
    /// peer's preshared key (empty for none), and derives the transport keys. False when a DH yields zero.
    /// </summary>
    public bool CreateResponse(ReadOnlySpan<byte> presharedKey, Span<byte> message, [NotNullWhen(true)] out TransportKeys? keys)
    {
        keys = null;
        if (State != HandshakeState.InitiationConsumed || message.Length < HandshakeResponse.Size
            || (presharedKey.Length != 0 && presharedKey.Length != Blake2s.HashSize))
        {
            throw new InvalidOperationException("A response follows a consumed initiation, into 92 bytes, with a 32-byte or empty preshared key.");
        }

        message = message[..HandshakeResponse.Size];
        Span<byte> key = stackalloc byte[Aead.KeySize];
        try
        {
            presharedKey.CopyTo(_presharedKey);
            LocalIndex = NewIndex();
            MessageHeader.Write(MessageType.HandshakeResponse, message);
            BinaryPrimitives.WriteUInt32LittleEndian(message[HandshakeResponse.SenderOffset..], LocalIndex);
            BinaryPrimitives.WriteUInt32LittleEndian(message[HandshakeResponse.ReceiverOffset..], RemoteIndex);

            Span<byte> ephemeral = message.Slice(HandshakeResponse.EphemeralOffset, Curve25519.KeySize);
            Curve25519.GeneratePrivateKey(_localEphemeral);
            Curve25519.PublicKey(_localEphemeral, ephemeral);
            MixKey(ephemeral);
            MixHash(ephemeral);
            if (!MixDhKeyOnly(_localEphemeral, _remoteEphemeral) || !MixDhKeyOnly(_localEphemeral, _remoteStatic))
            {
                return Fail();
            }

            MixKeyAndHash(key);
            EncryptAndHash(key, [], message.Slice(HandshakeResponse.EncryptedNothingOffset, HandshakeResponse.EncryptedNothingSize));
            WriteMacs(_remoteStatic, message, HandshakeResponse.Mac1Offset);
            keys = DeriveTransportKeys();
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
