using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;

namespace Dvpn.WireGuard.Userspace.Noise;

/// <summary>Our static key pair, with the mac1 key of messages sent to us precomputed. Disposing zeroes the private key.</summary>
internal sealed class StaticIdentity : IDisposable
{
    private readonly byte[] _privateKey = new byte[Curve25519.KeySize];
    private readonly byte[] _publicKey = new byte[Curve25519.KeySize];
    private readonly byte[] _mac1Key = new byte[Blake2s.HashSize];

    /// <summary>Copies (and clamps) <paramref name="privateKey"/>.</summary>
    public StaticIdentity(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Curve25519.KeySize)
        {
            throw new ArgumentException("A private key is 32 bytes.", nameof(privateKey));
        }

        privateKey.CopyTo(_privateKey);
        Curve25519.Clamp(_privateKey);
        Curve25519.PublicKey(_privateKey, _publicKey);
        MacKeys.Mac1Key(_publicKey, _mac1Key);
    }

    /// <summary>Spriv.</summary>
    public ReadOnlySpan<byte> PrivateKey => _privateKey;

    /// <summary>Spub.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Hash(LABEL_MAC1 || Spub): checks mac1 of messages addressed to us.</summary>
    public ReadOnlySpan<byte> Mac1Key => _mac1Key;

    /// <summary>A fresh random identity.</summary>
    public static StaticIdentity Generate()
    {
        Span<byte> key = stackalloc byte[Curve25519.KeySize];
        Curve25519.GeneratePrivateKey(key);
        try
        {
            return new StaticIdentity(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_privateKey);
        CryptographicOperations.ZeroMemory(_mac1Key);
    }
}
