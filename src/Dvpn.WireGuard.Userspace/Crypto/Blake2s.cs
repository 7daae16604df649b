using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Dvpn.WireGuard.Userspace.Crypto;

/// <summary>
/// WireGuard's hash functions (whitepaper §5.4): Hash (BLAKE2s-256), Mac (keyed BLAKE2s-128), Hmac (HMAC over
/// BLAKE2s-256, RFC 2104 with a 64-byte block) and Kdf1/2/3 (HKDF, RFC 5869, with Hmac as the PRF).
/// </summary>
internal static class Blake2s
{
    /// <summary>Length of Hash and Hmac outputs.</summary>
    public const int HashSize = 32;

    /// <summary>Length of a Mac output (mac1, mac2, cookie).</summary>
    public const int MacSize = 16;

    /// <summary>BLAKE2s's block length, the HMAC block length.</summary>
    public const int BlockSize = 64;

    /// <summary>Hash(a || b) into a 32-byte destination.</summary>
    public static void Hash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        Blake2sDigest digest = new(HashSize * 8);
        digest.BlockUpdate(a);
        digest.BlockUpdate(b);
        digest.DoFinal(destination);
    }

    /// <summary>Hash(input) into a 32-byte destination.</summary>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> destination) => Hash(input, [], destination);

    /// <summary>Mac(key, input): keyed BLAKE2s with a 16-byte output.</summary>
    public static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> destination)
    {
        byte[] keyCopy = key.ToArray();
        try
        {
            Blake2sDigest digest = new(keyCopy, MacSize, null, null);
            digest.BlockUpdate(input);
            digest.DoFinal(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }

    /// <summary>Hmac(key, a || b) into a 32-byte destination.</summary>
    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        Span<byte> pad = stackalloc byte[BlockSize];
        Span<byte> inner = stackalloc byte[HashSize];
        try
        {
            pad.Clear();
            if (key.Length > BlockSize)
            {
                Hash(key, pad[..HashSize]);
            }
            else
            {
                key.CopyTo(pad);
            }

            for (int i = 0; i < BlockSize; i++)
            {
                pad[i] ^= 0x36;
            }

            Blake2sDigest digest = new(HashSize * 8);
            digest.BlockUpdate(pad);
            digest.BlockUpdate(a);
            digest.BlockUpdate(b);
            digest.DoFinal(inner);

            for (int i = 0; i < BlockSize; i++)
            {
                pad[i] ^= 0x36 ^ 0x5c;
            }

            Hash(pad, inner, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pad);
            CryptographicOperations.ZeroMemory(inner);
        }
    }

    /// <summary>Hmac(key, input).</summary>
    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> destination) =>
        Hmac(key, input, [], destination);

    /// <summary>Kdf1(key, input) = τ1.</summary>
    public static void Kdf1(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> t1) =>
        Kdf(key, input, t1, [], []);

    /// <summary>Kdf2(key, input) = (τ1, τ2).</summary>
    public static void Kdf2(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> t1, Span<byte> t2) =>
        Kdf(key, input, t1, t2, []);

    /// <summary>Kdf3(key, input) = (τ1, τ2, τ3).</summary>
    public static void Kdf3(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> t1, Span<byte> t2, Span<byte> t3) =>
        Kdf(key, input, t1, t2, t3);

    // τ0 = Hmac(key, input); τ1 = Hmac(τ0, 0x1); τi = Hmac(τ0, τ(i-1) || i). Outputs may alias the key.
    private static void Kdf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> t1, Span<byte> t2, Span<byte> t3)
    {
        Span<byte> t0 = stackalloc byte[HashSize];
        Span<byte> previous = stackalloc byte[HashSize + 1];
        try
        {
            Hmac(key, input, t0);
            previous[0] = 1;
            Hmac(t0, previous[..1], previous[..HashSize]);
            previous[..HashSize].CopyTo(t1);
            if (t2.Length > 0)
            {
                previous[HashSize] = 2;
                Hmac(t0, previous, previous[..HashSize]);
                previous[..HashSize].CopyTo(t2);
            }

            if (t3.Length > 0)
            {
                previous[HashSize] = 3;
                Hmac(t0, previous, previous[..HashSize]);
                previous[..HashSize].CopyTo(t3);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(t0);
            CryptographicOperations.ZeroMemory(previous);
        }
    }
}
