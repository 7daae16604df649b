using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Noise;

/// <summary>
/// One Noise_IKpsk2 handshake (whitepaper §5.4, Noise §7.5 and §9): the chaining key C, the hash H, the ephemeral
/// keys and the indexes, for one initiator or one responder. The symmetric operations are named after the paper.
/// Disposing zeroes every secret.
/// </summary>
internal sealed partial class Handshake : IDisposable
{
    /// <summary>CONSTRUCTION.</summary>
    public static ReadOnlySpan<byte> Construction => "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s"u8;

    /// <summary>IDENTIFIER.</summary>
    public static ReadOnlySpan<byte> Identifier => "WireGuard v1 zx2c4 Jason@zx2c4.com"u8;

    private readonly StaticIdentity _local;
    private readonly byte[] _remoteStatic = new byte[Curve25519.KeySize];
    private readonly byte[] _presharedKey = new byte[Blake2s.HashSize];
    private readonly byte[] _chainingKey = new byte[Blake2s.HashSize];
    private readonly byte[] _hash = new byte[Blake2s.HashSize];
    private readonly byte[] _localEphemeral = new byte[Curve25519.KeySize];
    private readonly byte[] _remoteEphemeral = new byte[Curve25519.KeySize];
    private readonly byte[] _timestamp = new byte[Tai64N.Size];

    private Handshake(StaticIdentity local, bool isInitiator)
    {
        _local = local;
        IsInitiator = isInitiator;
    }

    /// <summary>Where the handshake stands.</summary>
    public HandshakeState State { get; private set; }

    /// <summary>Whether we are the initiator.</summary>
    public bool IsInitiator { get; }

    /// <summary>Our sender index, from RandomNumberGenerator.</summary>
    public uint LocalIndex { get; private set; }

    /// <summary>The peer's sender index.</summary>
    public uint RemoteIndex { get; private set; }

    /// <summary>The peer's static public key (given to an initiator; learnt by a responder from the initiation).</summary>
    public ReadOnlySpan<byte> RemoteStatic => _remoteStatic;

    /// <summary>The initiation's decrypted TAI64N timestamp (responder): the caller rejects it unless it is after the greatest one seen from this peer.</summary>
    public ReadOnlySpan<byte> Timestamp => _timestamp;

    // Ci = Hash(CONSTRUCTION); Hi = Hash(Ci || IDENTIFIER); Hi = Hash(Hi || Spub_r).
    private void Initialize(ReadOnlySpan<byte> responderStatic)
    {
        Blake2s.Hash(Construction, _chainingKey);
        Blake2s.Hash(_chainingKey, Identifier, _hash);
        MixHash(responderStatic);
    }

    // H = Hash(H || data).
    private void MixHash(ReadOnlySpan<byte> data) => Blake2s.Hash(_hash, data, _hash);

    // C = Kdf1(C, input).
    private void MixKey(ReadOnlySpan<byte> input) => Blake2s.Kdf1(_chainingKey, input, _chainingKey);

    // (C, k) = Kdf2(C, DH(private, public)); false for an all-zero DH result.
    private bool MixDh(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> key)
    {
        Span<byte> shared = stackalloc byte[Curve25519.KeySize];
        try
        {
            if (!Curve25519.TryAgree(privateKey, publicKey, shared))
            {
                return false;
            }

            Blake2s.Kdf2(_chainingKey, shared, _chainingKey, key);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    // C = Kdf1(C, DH(private, public)); false for an all-zero DH result.
    private bool MixDhKeyOnly(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> shared = stackalloc byte[Curve25519.KeySize];
        try
        {
            if (!Curve25519.TryAgree(privateKey, publicKey, shared))
            {
                return false;
            }

            MixKey(shared);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    // (C, τ, k) = Kdf3(C, Q); H = Hash(H || τ).
    private void MixKeyAndHash(Span<byte> key)
    {
        Span<byte> tau = stackalloc byte[Blake2s.HashSize];
        try
        {
            Blake2s.Kdf3(_chainingKey, _presharedKey, _chainingKey, tau, key);
            MixHash(tau);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tau);
        }
    }

    // msg = AEAD(k, 0, plain, H); H = Hash(H || msg).
    private void EncryptAndHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        Aead.Seal(key, 0, plaintext, _hash, destination);
        MixHash(destination[..(plaintext.Length + Aead.TagSize)]);
    }

    // plain = AEAD-Open(k, 0, msg, H); H = Hash(H || msg).
    private bool DecryptAndHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, Span<byte> destination)
    {
        if (!Aead.TryOpen(key, 0, sealedData, _hash, destination))
        {
            return false;
        }

        MixHash(sealedData);
        return true;
    }

    private static uint NewIndex()
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        RandomNumberGenerator.Fill(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    // (first, second) = Kdf2(C, ε) (§5.4.5), then C, H and the ephemerals are no longer needed.
    private TransportKeys DeriveTransportKeys()
    {
        Span<byte> first = stackalloc byte[Aead.KeySize];
        Span<byte> second = stackalloc byte[Aead.KeySize];
        try
        {
            Blake2s.Kdf2(_chainingKey, [], first, second);
            TransportKeys keys = IsInitiator
                ? new TransportKeys(first, second, LocalIndex, RemoteIndex, isInitiator: true)
                : new TransportKeys(second, first, LocalIndex, RemoteIndex, isInitiator: false);
            WipeHandshakeSecrets();
            State = HandshakeState.Complete;
            return keys;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(first);
            CryptographicOperations.ZeroMemory(second);
        }
    }

    private void WipeHandshakeSecrets()
    {
        CryptographicOperations.ZeroMemory(_chainingKey);
        CryptographicOperations.ZeroMemory(_hash);
        CryptographicOperations.ZeroMemory(_localEphemeral);
        CryptographicOperations.ZeroMemory(_remoteEphemeral);
        CryptographicOperations.ZeroMemory(_presharedKey);
    }

    private bool Fail()
    {
        WipeHandshakeSecrets();
        State = HandshakeState.Failed;
        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        WipeHandshakeSecrets();
        State = HandshakeState.Failed;
    }
}
