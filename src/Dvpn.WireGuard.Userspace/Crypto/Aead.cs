using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dvpn.WireGuard.Userspace.Crypto;

/// <summary>
/// AEAD(key, counter, plain, auth) of whitepaper §5.4: ChaCha20-Poly1305 (RFC 8439) with a 96-bit nonce of 32 zero
/// bits followed by the 64-bit little-endian counter.
/// </summary>
internal static class Aead
{
    /// <summary>Key length.</summary>
    public const int KeySize = 32;

    /// <summary>Poly1305 tag length.</summary>
    public const int TagSize = 16;

    /// <summary>ChaCha20-Poly1305 nonce length.</summary>
    public const int NonceSize = 12;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/> (ciphertext then tag).</summary>
    public static void Seal(ReadOnlySpan<byte> key, ulong counter, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(counter, nonce);
        using ChaCha20Poly1305 aead = new(key);
        aead.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagSize), associatedData);
    }

    /// <summary>Decrypts ciphertext-then-tag into <paramref name="destination"/>; false when authentication fails.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> key, ulong counter, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        if (sealedData.Length < TagSize)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(counter, nonce);
        int length = sealedData.Length - TagSize;
        using ChaCha20Poly1305 aead = new(key);
        try
        {
            aead.Decrypt(nonce, sealedData[..length], sealedData[length..], destination[..length], associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], counter);
    }
}
