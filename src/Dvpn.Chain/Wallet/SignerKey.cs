using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Nethereum.Signer;
using NBitcoin.Secp256k1;

namespace Dvpn.Chain.Wallet;

/// <summary>
/// A secp256k1 private key and its address. The 32 key bytes live in one pinned array (so the GC never leaves
/// copies behind) that <see cref="Dispose"/> zeroes; <see cref="ToString"/> shows only the address.
/// </summary>
public sealed class SignerKey : IDisposable
{
    /// <summary>The size of a private key.</summary>
    public const int PrivateKeySize = 32;

    /// <summary>The size of a public key, x ‖ y without the 0x04 prefix.</summary>
    public const int PublicKeySize = 64;

    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private SignerKey(ReadOnlySpan<byte> privateKey)
    {
        _privateKey = GC.AllocateArray<byte>(PrivateKeySize, pinned: true);
        privateKey.CopyTo(_privateKey);
        _publicKey = DerivePublicKey(_privateKey);
        Address = EthAddress.FromPublicKey(_publicKey);
    }

    /// <summary>The key's Ethereum address.</summary>
    public EthAddress Address { get; }

    /// <summary>The public key, x ‖ y (64 bytes, no prefix); what a provider needs to verify this key's tickets fast.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>The private key; only for code in this assembly that signs or encrypts it.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    internal ReadOnlySpan<byte> PrivateKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _privateKey;
        }
    }

    /// <summary>A new random key from the system's cryptographic random source.</summary>
    public static SignerKey Generate()
    {
        Span<byte> candidate = stackalloc byte[PrivateKeySize];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(candidate);
                if (IsValidPrivateKey(candidate))
                {
                    return new SignerKey(candidate);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    /// <summary>Wraps a copy of <paramref name="privateKey"/>; the caller still owns (and should wipe) its buffer.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes, zero, or not below the group order.</exception>
    public static SignerKey FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (!IsValidPrivateKey(privateKey))
        {
            // The message never includes the key bytes.
            throw new ArgumentException("not a valid secp256k1 private key (32 bytes, 1 <= k < n)", nameof(privateKey));
        }

        return new SignerKey(privateKey);
    }

    /// <summary>
    /// A Nethereum key for sending transactions with the same secret. Nethereum keeps its own copies of the key
    /// (an immutable BouncyCastle integer and cached byte arrays) that this class cannot wipe; use it for long-lived
    /// process keys only.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public EthECKey CreateEthECKey()
    {
        byte[] copy = PrivateKey.ToArray();
        try
        {
            return new EthECKey(copy, isPrivate: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <summary>Zeroes the private key.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_privateKey);
            _disposed = true;
        }
    }

    /// <summary>The address only; never the key.</summary>
    public override string ToString() => $"SignerKey({Address})";

    private static bool IsValidPrivateKey(ReadOnlySpan<byte> key) =>
        key.Length == PrivateKeySize && Tickets.Secp256k1.Scalar.TryRead(key, out var k) && !k.IsZero;

    private static byte[] DerivePublicKey(ReadOnlySpan<byte> privateKey)
    {
        // NBitcoin's constant-time generator multiplication (the private key is secret; our own curve code is
        // variable-time and only ever sees public data).
        using ECPrivKey key = Context.Instance.CreateECPrivKey(privateKey);
        Span<byte> uncompressed = stackalloc byte[65];
        key.CreatePubKey().WriteToSpan(compressed: false, uncompressed, out _);
        return uncompressed[1..].ToArray();
    }
}
