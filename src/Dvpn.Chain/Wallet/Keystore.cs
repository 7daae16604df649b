using System.Security.Cryptography;

namespace Dvpn.Chain.Wallet;

/// <summary>
/// Reads and writes keys in Web3 Secret Storage v3 files (geth's keystore format; scrypt or PBKDF2-SHA256,
/// AES-128-CTR). Writes use scrypt, 0600 files on Unix and an atomic rename. Every failure is a
/// <see cref="KeystoreException"/> whose <see cref="KeystoreException.Error"/> says what went wrong.
/// </summary>
public static class Keystore
{
    /// <summary>Files larger than this are refused unread (a keystore is about 500 bytes).</summary>
    public const int MaxFileSize = 64 * 1024;

    /// <summary>Loads and decrypts the key in the keystore file at <paramref name="path"/>.</summary>
    /// <exception cref="KeystoreException">
    /// The file cannot be read (<see cref="KeystoreError.Io"/>), is damaged (<see cref="KeystoreError.Corrupt"/>), is of
    /// a kind not supported (<see cref="KeystoreError.Unsupported"/>), or the passphrase is wrong
    /// (<see cref="KeystoreError.WrongPassphrase"/>).
    /// </exception>
    public static SignerKey Load(string path, ReadOnlySpan<char> passphrase)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] json;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileSize)
            {
                throw new KeystoreException(KeystoreError.Corrupt, $"'{path}' is too large to be a keystore");
            }

            json = new byte[stream.Length];
            stream.ReadExactly(json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeystoreException(KeystoreError.Io, $"cannot read the keystore '{path}': {e.Message}", e);
        }

        return Decrypt(json, passphrase);
    }

    /// <summary>Decrypts the key in a keystore's UTF-8 JSON.</summary>
    /// <exception cref="KeystoreException">As for <see cref="Load"/>, without the I/O failures.</exception>
    public static SignerKey Decrypt(ReadOnlyMemory<byte> json, ReadOnlySpan<char> passphrase)
    {
        KeystoreFile file = KeystoreFile.Parse(json);

        byte[] derivedKey = GC.AllocateArray<byte>(KeystoreCrypto.DerivedKeySize, pinned: true);
        byte[] privateKey = GC.AllocateArray<byte>(file.Ciphertext.Length, pinned: true);
        try
        {
            if (file.Kdf == KeystoreFile.ScryptKdf)
            {
                KeystoreCrypto.DeriveScrypt(passphrase, file.Salt, file.Scrypt, derivedKey);
            }
            else
            {
                KeystoreCrypto.DerivePbkdf2(passphrase, file.Salt, file.Pbkdf2Iterations, derivedKey);
            }

            Span<byte> mac = stackalloc byte[KeystoreCrypto.MacSize];
            KeystoreCrypto.Mac(derivedKey, file.Ciphertext, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, file.Mac))
            {
                // The MAC covers the ciphertext too, so a damaged ciphertext also lands here; the passphrase is by
                // far the likelier cause.
                throw new KeystoreException(KeystoreError.WrongPassphrase, "wrong passphrase (the keystore's MAC does not match)");
            }

            KeystoreCrypto.AesCtr(derivedKey, file.Iv, file.Ciphertext, privateKey);
            SignerKey key;
            try
            {
                key = SignerKey.FromPrivateKey(privateKey);
            }
            catch (ArgumentException e)
            {
                throw new KeystoreException(KeystoreError.Corrupt, "the keystore decrypts to an invalid private key", e);
            }

            if (file.Address is { } address && address != key.Address)
            {
                key.Dispose();
                throw new KeystoreException(KeystoreError.Corrupt, "the keystore's address does not match its key");
            }

            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derivedKey);
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Encrypts <paramref name="key"/> into keystore JSON (UTF-8) with scrypt.</summary>
    /// <param name="key">The key to store.</param>
    /// <param name="passphrase">The passphrase; UTF-8 encoded as geth does.</param>
    /// <param name="parameters">scrypt cost; <see cref="ScryptParameters.Standard"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameters"/> are not supported.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static byte[] Encrypt(SignerKey key, ReadOnlySpan<char> passphrase, ScryptParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ScryptParameters scrypt = parameters ?? ScryptParameters.Standard;
        if (!scrypt.IsSupported)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), scrypt, "unsupported scrypt parameters");
        }

        byte[] salt = RandomNumberGenerator.GetBytes(KeystoreCrypto.SaltSize);
        byte[] iv = RandomNumberGenerator.GetBytes(KeystoreCrypto.IvSize);
        byte[] derivedKey = GC.AllocateArray<byte>(KeystoreCrypto.DerivedKeySize, pinned: true);
        try
        {
            KeystoreCrypto.DeriveScrypt(passphrase, salt, scrypt, derivedKey);
            byte[] ciphertext = new byte[SignerKey.PrivateKeySize];
            KeystoreCrypto.AesCtr(derivedKey, iv, key.PrivateKey, ciphertext);
            byte[] mac = new byte[KeystoreCrypto.MacSize];
            KeystoreCrypto.Mac(derivedKey, ciphertext, mac);
            return new KeystoreFile
            {
                Kdf = KeystoreFile.ScryptKdf,
                Scrypt = scrypt,
                Salt = salt,
                Iv = iv,
                Ciphertext = ciphertext,
                Mac = mac,
                Address = key.Address,
                Id = Guid.NewGuid(),
            }.ToJson();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derivedKey);
        }
    }

    /// <summary>
    /// Encrypts <paramref name="key"/> and writes it to <paramref name="path"/>: owner-only (0600) on Unix from the
    /// moment the file exists, written to a temporary file and renamed into place.
    /// </summary>
    /// <param name="path">Where to write.</param>
    /// <param name="key">The key to store.</param>
    /// <param name="passphrase">The passphrase.</param>
    /// <param name="parameters">scrypt cost; <see cref="ScryptParameters.Standard"/> when null.</param>
    /// <param name="overwrite">Replace an existing file; by default an existing key is never clobbered.</param>
    /// <exception cref="KeystoreException">The file exists (and <paramref name="overwrite"/> is false) or cannot be written.</exception>
    public static void Save(string path, SignerKey key, ReadOnlySpan<char> passphrase, ScryptParameters? parameters = null,
        bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] json = Encrypt(key, passphrase, parameters);
        if (!overwrite && File.Exists(path))
        {
            throw new KeystoreException(KeystoreError.Io, $"'{path}' already exists; refusing to overwrite a keystore");
        }

        try
        {
            SecureFile.WriteAtomically(path, json, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeystoreException(KeystoreError.Io, $"cannot write the keystore '{path}': {e.Message}", e);
        }
    }
}
