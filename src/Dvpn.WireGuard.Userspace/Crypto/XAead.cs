using System.Security.Cryptography;

namespace Dvpn.WireGuard.Userspace.Crypto;

/// <summary>
/// XAEAD of whitepaper §5.4 (cookie replies): XChaCha20-Poly1305 with a 24-byte nonce, built as HChaCha20 over the
/// first 16 nonce bytes, then ChaCha20-Poly1305 with 4 zero bytes followed by the last 8 nonce bytes.
/// </summary>
internal static class XAead
{
    /// <summary>Extended nonce length.</summary>
    public const int NonceSize = 24;

    /// <summary>Encrypts into ciphertext-then-tag.</summary>
    public static void Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        Span<byte> subkey = stackalloc byte[HChaCha20.KeySize];
        Span<byte> shortNonce = stackalloc byte[Aead.NonceSize];
        try
        {
            Prepare(key, nonce, subkey, shortNonce);
            using ChaCha20Poly1305 aead = new(subkey);
            aead.Encrypt(shortNonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, Aead.TagSize), associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subkey);
        }
    }

    /// <summary>Decrypts; false when authentication fails or the input is shorter than a tag.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        if (sealedData.Length < Aead.TagSize || nonce.Length != NonceSize)
        {
            return false;
        }

        Span<byte> subkey = stackalloc byte[HChaCha20.KeySize];
        Span<byte> shortNonce = stackalloc byte[Aead.NonceSize];
        int length = sealedData.Length - Aead.TagSize;
        try
        {
            Prepare(key, nonce, subkey, shortNonce);
            using ChaCha20Poly1305 aead = new(subkey);
            aead.Decrypt(shortNonce, sealedData[..length], sealedData[length..], destination[..length], associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subkey);
        }
    }

    private static void Prepare(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, Span<byte> subkey, Span<byte> shortNonce)
    {
        HChaCha20.DeriveSubkey(key, nonce[..HChaCha20.NonceSize], subkey);
        shortNonce[..4].Clear();
        nonce[HChaCha20.NonceSize..NonceSize].CopyTo(shortNonce[4..]);
    }
}
