using System.Buffers;
using System.Text.Json;
using Dvpn.Chain.Tickets;

namespace Dvpn.Chain.Wallet;

/// <summary>
/// The JSON of a Web3 Secret Storage v3 file, parsed strictly (every failure is a <see cref="KeystoreException"/>
/// naming the field, never echoing its value) and written the way geth writes it.
/// </summary>
internal sealed class KeystoreFile
{
    public const int Version = 3;
    public const string Cipher = "aes-128-ctr";
    public const string ScryptKdf = "scrypt";
    public const string Pbkdf2Kdf = "pbkdf2";
    private const string Pbkdf2Prf = "hmac-sha256";
    private const int PrivateKeySize = 32;
    private const int MaxPbkdf2Iterations = 10_000_000;

    public required string Kdf { get; init; }

    public ScryptParameters Scrypt { get; init; }

    public int Pbkdf2Iterations { get; init; }

    public required byte[] Salt { get; init; }

    public required byte[] Iv { get; init; }

    public required byte[] Ciphertext { get; init; }

    public required byte[] Mac { get; init; }

    public EthAddress? Address { get; init; }

    public Guid Id { get; init; }

    public static KeystoreFile Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            // The exception's message quotes positions, not content; keep it as the cause.
            throw new KeystoreException(KeystoreError.Corrupt, "the keystore is not valid JSON (truncated or damaged?)", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt("the keystore is not a JSON object");
            }

            if (!TryGet(root, "version", out JsonElement version))
            {
                throw Corrupt("the keystore has no version");
            }

            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int v) || v != Version)
            {
                throw new KeystoreException(KeystoreError.Unsupported, $"only version {Version} keystores are supported");
            }

            JsonElement crypto = RequireObject(root, "crypto");
            string cipher = RequireString(crypto, "cipher");
            if (!string.Equals(cipher, Cipher, StringComparison.OrdinalIgnoreCase))
            {
                throw new KeystoreException(KeystoreError.Unsupported, $"only the {Cipher} cipher is supported");
            }

            byte[] ciphertext = RequireHex(crypto, "ciphertext", PrivateKeySize);
            byte[] iv = RequireHex(RequireObject(crypto, "cipherparams"), "iv", KeystoreCrypto.IvSize);
            byte[] mac = RequireHex(crypto, "mac", KeystoreCrypto.MacSize);
            string kdf = RequireString(crypto, "kdf");
            JsonElement kdfParams = RequireObject(crypto, "kdfparams");
            if (RequireInt(kdfParams, "dklen") != KeystoreCrypto.DerivedKeySize)
            {
                throw new KeystoreException(KeystoreError.Unsupported, $"only a {KeystoreCrypto.DerivedKeySize}-byte dklen is supported");
            }

            byte[] salt = RequireHex(kdfParams, "salt", expectedLength: null);
            ScryptParameters scrypt = default;
            int iterations = 0;
            if (string.Equals(kdf, ScryptKdf, StringComparison.OrdinalIgnoreCase))
            {
                scrypt = new ScryptParameters(RequireInt(kdfParams, "n"), RequireInt(kdfParams, "r"), RequireInt(kdfParams, "p"));
                if (!scrypt.IsSupported)
                {
                    throw new KeystoreException(KeystoreError.Unsupported,
                        "the scrypt parameters are invalid or too costly to run (n must be a power of two, at most 1 GiB of memory)");
                }
            }
            else if (string.Equals(kdf, Pbkdf2Kdf, StringComparison.OrdinalIgnoreCase))
            {
                if (!string.Equals(RequireString(kdfParams, "prf"), Pbkdf2Prf, StringComparison.OrdinalIgnoreCase))
                {
                    throw new KeystoreException(KeystoreError.Unsupported, $"only the {Pbkdf2Prf} PBKDF2 function is supported");
                }

                iterations = RequireInt(kdfParams, "c");
                if (iterations < 1 || iterations > MaxPbkdf2Iterations)
                {
                    throw new KeystoreException(KeystoreError.Unsupported, "the PBKDF2 iteration count is out of range");
                }
            }
            else
            {
                throw new KeystoreException(KeystoreError.Unsupported, "only the scrypt and pbkdf2 KDFs are supported");
            }

            EthAddress? address = null;
            if (TryGet(root, "address", out JsonElement a) && a.ValueKind != JsonValueKind.Null)
            {
                if (a.ValueKind != JsonValueKind.String || !EthAddress.TryParse(a.GetString(), out EthAddress parsed))
                {
                    throw Corrupt("the keystore's address is not a 20-byte hex address");
                }

                address = parsed;
            }

            return new KeystoreFile
            {
                Kdf = kdf.ToLowerInvariant(),
                Scrypt = scrypt,
                Pbkdf2Iterations = iterations,
                Salt = salt,
                Iv = iv,
                Ciphertext = ciphertext,
                Mac = mac,
                Address = address,
            };
        }
    }

    /// <summary>The file as compact UTF-8 JSON (scrypt only: that is all this code writes).</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (Address is { } address)
            {
                w.WriteString("address", Convert.ToHexStringLower(address.ToArray()));
            }

            w.WriteStartObject("crypto");
            w.WriteString("cipher", Cipher);
            w.WriteString("ciphertext", Convert.ToHexStringLower(Ciphertext));
            w.WriteStartObject("cipherparams");
            w.WriteString("iv", Convert.ToHexStringLower(Iv));
            w.WriteEndObject();
            w.WriteString("kdf", ScryptKdf);
            w.WriteStartObject("kdfparams");
            w.WriteNumber("dklen", KeystoreCrypto.DerivedKeySize);
            w.WriteNumber("n", Scrypt.N);
            w.WriteNumber("p", Scrypt.P);
            w.WriteNumber("r", Scrypt.R);
            w.WriteString("salt", Convert.ToHexStringLower(Salt));
            w.WriteEndObject();
            w.WriteString("mac", Convert.ToHexStringLower(Mac));
            w.WriteEndObject();
            w.WriteString("id", Id.ToString("D"));
            w.WriteNumber("version", Version);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static KeystoreException Corrupt(string message) => new(KeystoreError.Corrupt, message);

    /// <summary>Property lookup ignoring case (MyEtherWallet writes "Crypto", geth "crypto").</summary>
    private static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        foreach (JsonProperty p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = p.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static JsonElement RequireObject(JsonElement obj, string name) =>
        TryGet(obj, name, out JsonElement value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw Corrupt($"the keystore has no \"{name}\" object");

    private static string RequireString(JsonElement obj, string name) =>
        TryGet(obj, name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Corrupt($"the keystore has no \"{name}\" string");

    private static int RequireInt(JsonElement obj, string name) =>
        TryGet(obj, name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i)
            ? i
            : throw Corrupt($"the keystore's \"{name}\" is missing or not a 32-bit integer");

    private static byte[] RequireHex(JsonElement obj, string name, int? expectedLength)
    {
        string text = RequireString(obj, name);
        ReadOnlySpan<char> hex = text.AsSpan();
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }

        if (hex.Length == 0 || hex.Length % 2 != 0)
        {
            throw Corrupt($"the keystore's \"{name}\" is not hex of whole bytes");
        }

        byte[] bytes = new byte[hex.Length / 2];
        if (Convert.FromHexString(hex, bytes, out _, out int written) != OperationStatus.Done || written != bytes.Length)
        {
            throw Corrupt($"the keystore's \"{name}\" is not valid hex");
        }

        if (expectedLength is { } length && bytes.Length != length)
        {
            throw Corrupt($"the keystore's \"{name}\" is {bytes.Length} bytes, expected {length}");
        }

        return bytes;
    }
}
