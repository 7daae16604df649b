using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Dvpn.WireGuard.Userspace.Crypto;

/// <summary>
/// HChaCha20 (draft-irtf-cfrg-xchacha §2.2): the ChaCha20 block function's 20 rounds over key and a 128-bit nonce,
/// without the final addition, keeping state words 0-3 and 12-15 as a 256-bit subkey.
/// </summary>
internal static class HChaCha20
{
    /// <summary>Key and subkey length.</summary>
    public const int KeySize = 32;

    /// <summary>Input nonce length.</summary>
    public const int NonceSize = 16;

    /// <summary>Derives the subkey.</summary>
    public static void DeriveSubkey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, Span<byte> subkey)
    {
        Span<uint> s = stackalloc uint[16];
        try
        {
            // "expand 32-byte k"
            s[0] = 0x61707865;
            s[1] = 0x3320646e;
            s[2] = 0x79622d32;
            s[3] = 0x6b206574;
            for (int i = 0; i < 8; i++)
            {
                s[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(i * 4, 4));
            }

            for (int i = 0; i < 4; i++)
            {
                s[12 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce.Slice(i * 4, 4));
            }

            for (int round = 0; round < 10; round++)
            {
                QuarterRound(s, 0, 4, 8, 12);
                QuarterRound(s, 1, 5, 9, 13);
                QuarterRound(s, 2, 6, 10, 14);
                QuarterRound(s, 3, 7, 11, 15);
                QuarterRound(s, 0, 5, 10, 15);
                QuarterRound(s, 1, 6, 11, 12);
                QuarterRound(s, 2, 7, 8, 13);
                QuarterRound(s, 3, 4, 9, 14);
            }

            for (int i = 0; i < 4; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(subkey.Slice(i * 4, 4), s[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(subkey.Slice(16 + (i * 4), 4), s[12 + i]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s));
        }
    }

    private static void QuarterRound(Span<uint> s, int a, int b, int c, int d)
    {
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 7);
    }
}
