using System.Text;
using System.Text.Json.Nodes;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Model;

namespace Dvpn.Chain.Tests.Wallet;

public sealed class KeystoreTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple ✓";

    // Cheap enough for tests; the default is ScryptParameters.Standard.
    private static readonly ScryptParameters s_fast = new(1 << 10, 8, 1);

    private readonly string _dir = Directory.CreateTempSubdirectory("dvpn-keystore-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathFor(string name) => Path.Combine(_dir, name);

    private static byte[] EncryptFast(SignerKey key) => Keystore.Encrypt(key, Passphrase, s_fast);

    [Fact]
    public void SaveThenLoad_ReturnsTheSameKey()
    {
        using SignerKey key = SignerKey.Generate();
        string path = PathFor("key.json");
        Keystore.Save(path, key, Passphrase, s_fast);

        using SignerKey loaded = Keystore.Load(path, Passphrase);
        Assert.Equal(key.Address, loaded.Address);
        Assert.Equal(key.PrivateKey.ToArray(), loaded.PrivateKey.ToArray());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Save_WritesTheFileOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        using SignerKey key = SignerKey.Generate();
        string path = PathFor("key.json");
        Keystore.Save(path, key, Passphrase, s_fast);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Save_RefusesToOverwrite_UnlessAsked()
    {
        using SignerKey first = SignerKey.Generate();
        using SignerKey second = SignerKey.Generate();
        string path = PathFor("key.json");
        Keystore.Save(path, first, Passphrase, s_fast);

        var e = Assert.Throws<KeystoreException>(() => Keystore.Save(path, second, Passphrase, s_fast));
        Assert.Equal(KeystoreError.Io, e.Error);
        using (SignerKey still = Keystore.Load(path, Passphrase))
        {
            Assert.Equal(first.Address, still.Address);
        }

        Keystore.Save(path, second, Passphrase, s_fast, overwrite: true);
        using SignerKey replaced = Keystore.Load(path, Passphrase);
        Assert.Equal(second.Address, replaced.Address);
    }

    [Fact]
    public void WrongPassphrase_IsAClearErrorWithoutSecrets()
    {
        using SignerKey key = SignerKey.Generate();
        byte[] json = EncryptFast(key);

        var e = Assert.Throws<KeystoreException>(() => Keystore.Decrypt(json, "not the passphrase"));
        Assert.Equal(KeystoreError.WrongPassphrase, e.Error);
        Assert.False(e.IsTransient);
        Assert.Contains("wrong passphrase", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(key.PrivateKey), e.ToString().ToLowerInvariant(), StringComparison.Ordinal);
    }

    /// <summary>One damaged file per case, with the error it must give.</summary>
    public static TheoryData<string, KeystoreError> DamagedFiles() => new()
    {
        { "truncated", KeystoreError.Corrupt },
        { "empty", KeystoreError.Corrupt },
        { "not JSON", KeystoreError.Corrupt },
        { "JSON array", KeystoreError.Corrupt },
        { "version 1", KeystoreError.Unsupported },
        { "version missing", KeystoreError.Corrupt },
        { "ciphertext bad hex", KeystoreError.Corrupt },
        { "ciphertext odd length", KeystoreError.Corrupt },
        { "iv too short", KeystoreError.Corrupt },
        { "mac missing", KeystoreError.Corrupt },
        { "salt not a string", KeystoreError.Corrupt },
        { "kdf argon2", KeystoreError.Unsupported },
        { "cipher aes-256-gcm", KeystoreError.Unsupported },
        { "scrypt n not a power of two", KeystoreError.Unsupported },
        { "scrypt n huge", KeystoreError.Unsupported },
        { "dklen 16", KeystoreError.Unsupported },
        { "address of another key", KeystoreError.Corrupt },
        { "ciphertext flipped bit", KeystoreError.WrongPassphrase },
    };

    private static byte[] Damage(byte[] good, string name)
    {
        JsonNode Node() => JsonNode.Parse(good)!;
        byte[] Edit(Action<JsonNode> edit)
        {
            JsonNode node = Node();
            edit(node);
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        return name switch
        {
            "truncated" => good[..(good.Length / 2)],
            "empty" => [],
            "not JSON" => Encoding.UTF8.GetBytes("this is not a keystore"),
            "JSON array" => Encoding.UTF8.GetBytes("[1,2,3]"),
            "version 1" => Edit(n => n["version"] = 1),
            "version missing" => Edit(n => n.AsObject().Remove("version")),
            "ciphertext bad hex" => Edit(n => n["crypto"]!["ciphertext"] = "zz" + ((string)n["crypto"]!["ciphertext"]!)[2..]),
            "ciphertext odd length" => Edit(n => n["crypto"]!["ciphertext"] = ((string)n["crypto"]!["ciphertext"]!)[1..]),
            "iv too short" => Edit(n => n["crypto"]!["cipherparams"]!["iv"] = "00112233"),
            "mac missing" => Edit(n => n["crypto"]!.AsObject().Remove("mac")),
            "salt not a string" => Edit(n => n["crypto"]!["kdfparams"]!["salt"] = 12),
            "kdf argon2" => Edit(n => n["crypto"]!["kdf"] = "argon2id"),
            "cipher aes-256-gcm" => Edit(n => n["crypto"]!["cipher"] = "aes-256-gcm"),
            "scrypt n not a power of two" => Edit(n => n["crypto"]!["kdfparams"]!["n"] = 1000),
            "scrypt n huge" => Edit(n => n["crypto"]!["kdfparams"]!["n"] = 1 << 30),
            "dklen 16" => Edit(n => n["crypto"]!["kdfparams"]!["dklen"] = 16),
            "address of another key" => Edit(n => n["address"] = "00000000000000000000000000000000000000ff"),
            "ciphertext flipped bit" => Edit(n =>
            {
                byte[] c = Convert.FromHexString((string)n["crypto"]!["ciphertext"]!);
                c[0] ^= 1;
                n["crypto"]!["ciphertext"] = Convert.ToHexStringLower(c);
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public void DamagedFile_GivesAClearError(string damage, KeystoreError expected)
    {
        using SignerKey key = SignerKey.Generate();
        byte[] bad = Damage(EncryptFast(key), damage);
        string path = PathFor("damaged.json");
        File.WriteAllBytes(path, bad);

        var e = Assert.Throws<KeystoreException>(() => Keystore.Load(path, Passphrase));
        Assert.Equal(expected, e.Error);
        Assert.False(e.IsTransient);
        Assert.DoesNotContain(Passphrase, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsAnIoError()
    {
        var e = Assert.Throws<KeystoreException>(() => Keystore.Load(PathFor("nope.json"), Passphrase));
        Assert.Equal(KeystoreError.Io, e.Error);
    }

    [Fact]
    public void NethereumScryptFile_Loads()
    {
        using SignerKey key = SignerKey.Generate();
        var service = new KeyStoreScryptService();
        string json = service.EncryptAndGenerateKeyStoreAsJson(Passphrase, key.PrivateKey.ToArray(), key.Address.ToString(),
            new ScryptParams { Dklen = 32, N = 1 << 10, R = 8, P = 1 });
        string path = PathFor("nethereum.json");
        File.WriteAllText(path, json);

        using SignerKey loaded = Keystore.Load(path, Passphrase);
        Assert.Equal(key.Address, loaded.Address);
    }

    [Fact]
    public void NethereumPbkdf2File_Loads()
    {
        using SignerKey key = SignerKey.Generate();
        var service = new KeyStorePbkdf2Service();
        string json = service.EncryptAndGenerateKeyStoreAsJson(Passphrase, key.PrivateKey.ToArray(), key.Address.ToString(),
            new Pbkdf2Params { Dklen = 32, Count = 1000, Prf = "hmac-sha256" });

        using SignerKey loaded = Keystore.Decrypt(Encoding.UTF8.GetBytes(json), Passphrase);
        Assert.Equal(key.Address, loaded.Address);
    }

    [Fact]
    public void NethereumDefaultFile_Loads()
    {
        using SignerKey key = SignerKey.Generate();
        string json = new KeyStoreService().EncryptAndGenerateDefaultKeyStoreAsJson(Passphrase, key.PrivateKey.ToArray(), key.Address.ToString());

        using SignerKey loaded = Keystore.Decrypt(Encoding.UTF8.GetBytes(json), Passphrase);
        Assert.Equal(key.Address, loaded.Address);
    }

    [Fact]
    public void OurFile_LoadsInNethereum()
    {
        using SignerKey key = SignerKey.Generate();
        string json = Encoding.UTF8.GetString(EncryptFast(key));
        byte[] decrypted = new KeyStoreService().DecryptKeyStoreFromJson(Passphrase, json);
        Assert.Equal(key.PrivateKey.ToArray(), decrypted);
    }

    [Fact]
    public void Encrypt_WritesVersion3ScryptJson_WithTheAddress()
    {
        using SignerKey key = SignerKey.Generate();
        JsonNode node = JsonNode.Parse(EncryptFast(key))!;
        Assert.Equal(3, (int)node["version"]!);
        Assert.Equal("scrypt", (string)node["crypto"]!["kdf"]!);
        Assert.Equal("aes-128-ctr", (string)node["crypto"]!["cipher"]!);
        Assert.Equal(1 << 10, (int)node["crypto"]!["kdfparams"]!["n"]!);
        Assert.Equal(key.Address, EthAddress.Parse((string)node["address"]!));
        Assert.True(Guid.TryParse((string)node["id"]!, out _));
    }

    [Fact]
    public void Encrypt_DefaultsToStandardStrength() =>
        Assert.Equal(new ScryptParameters(1 << 18, 8, 1), ScryptParameters.Standard);

    [Fact]
    public void Encrypt_RejectsUnsupportedParameters()
    {
        using SignerKey key = SignerKey.Generate();
        Assert.Throws<ArgumentOutOfRangeException>(() => Keystore.Encrypt(key, Passphrase, new ScryptParameters(1000, 8, 1)));
    }
}
