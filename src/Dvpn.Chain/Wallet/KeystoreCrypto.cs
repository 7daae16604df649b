using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Nethereum.KeyStore.Crypto;

namespace Dvpn.Chain.Wallet;

/// <summary>
/// The cryptography of Web3 Secret Storage v3: a KDF turns the passphrase into 32 bytes; the first 16 are the
/// AES-128-CTR key for the private key, the last 16 authenticate: <c>mac = keccak256(dk[16..32] ‖ ciphertext)</c>.
/// </summary>
internal static class KeystoreCrypto
{
    public const int DerivedKeySize = 32;
    public const int IvSize = 16;
    public const int MacSize = 32;
    public const int SaltSize = 32;
    private const int CipherKeySize = 16;

    private static readonly KeyStoreCrypto s_nethereum = new();

    public static void DeriveScrypt(ReadOnlySpan<char> passphrase, byte[] salt, ScryptParameters parameters, Span<byte> derivedKey)
    {
        byte[] password = EncodePassphrase(passphrase);
        try
        {
            // Nethereum's scrypt, not BouncyCastle's: BouncyCastle refuses N >= 2^16 with r = 1, which is exactly
            // Nethereum's own default (N = 2^18, r = 1, p = 8). It wants arrays; the result is copied out and wiped.
            byte[] dk = s_nethereum.GenerateDerivedScryptKey(password, salt, parameters.N, parameters.R, parameters.P,
                DerivedKeySize, checkRandN: false);
            dk.CopyTo(derivedKey);
            CryptographicOperations.ZeroMemory(dk);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    public static void DerivePbkdf2(ReadOnlySpan<char> passphrase, ReadOnlySpan<byte> salt, int iterations, Span<byte> derivedKey)
    {
        byte[] password = EncodePassphrase(passphrase);
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, salt, derivedKey[..DerivedKeySize], iterations, HashAlgorithmName.SHA256);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    /// <summary>keccak256(dk[16..32] ‖ ciphertext).</summary>
    public static void Mac(ReadOnlySpan<byte> derivedKey, ReadOnlySpan<byte> ciphertext, Span<byte> mac) =>
        Keccak256.Hash(derivedKey[CipherKeySize..DerivedKeySize], ciphertext, mac);

    /// <summary>AES-128-CTR with a 128-bit big-endian counter starting at <paramref name="iv"/> (its own inverse).</summary>
    public static void AesCtr(ReadOnlySpan<byte> derivedKey, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        int blocks = (input.Length + IvSize - 1) / IvSize;
        byte[] counters = new byte[blocks * IvSize];
        byte[] keystream = new byte[counters.Length];
        byte[] key = derivedKey[..CipherKeySize].ToArray();
        try
        {
            UInt128 counter = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(iv);
            for (int i = 0; i < blocks; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(counters.AsSpan(i * IvSize), unchecked(counter + (uint)i));
            }

            using (Aes aes = Aes.Create())
            {
                aes.Key = key;
                aes.EncryptEcb(counters, keystream, PaddingMode.None);
            }

            for (int i = 0; i < input.Length; i++)
            {
                output[i] = (byte)(input[i] ^ keystream[i]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keystream);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The passphrase as UTF-8 (what geth and Nethereum hash), in an array the caller wipes.</summary>
    private static byte[] EncodePassphrase(ReadOnlySpan<char> passphrase)
    {
        byte[] bytes = GC.AllocateArray<byte>(System.Text.Encoding.UTF8.GetByteCount(passphrase), pinned: true);
        System.Text.Encoding.UTF8.GetBytes(passphrase, bytes);
        return bytes;
    }
}
