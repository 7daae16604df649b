using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Devnet.Chain;
using Nethereum.Signer;

namespace Dvpn.Devnet.Providers;

/// <summary>
/// A provider's on-disk identity as an operator would set it up: a keystore holding its key (a development account's,
/// or a fresh funded one; light scrypt, so loading it is fast) and an owner-only passphrase file, in a directory of
/// their own. The account pays the provider's gas.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProviderIdentity : IDisposable
{
    private ProviderIdentity(int? devAccount, string directory, EthAddress address)
    {
        DevAccount = devAccount;
        Directory = directory;
        Address = address;
    }

    /// <summary>The development account whose key the keystore holds; null for a key of the test's own.</summary>
    public int? DevAccount { get; }

    /// <summary>The provider's address: its Directory identity and the ticket recipient.</summary>
    public EthAddress Address { get; }

    /// <summary>The directory holding the keystore, the passphrase and the data directory.</summary>
    public string Directory { get; }

    /// <summary>The keystore file.</summary>
    public string KeystorePath => Path.Combine(Directory, "keystore.json");

    /// <summary>The owner-only passphrase file.</summary>
    public string PassphrasePath => Path.Combine(Directory, "passphrase");

    /// <summary>A fresh DataDirectory path (the provider creates it) next to the keystore.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>An identity holding development account <paramref name="devAccount"/>'s key.</summary>
    public static ProviderIdentity Create(int devAccount) => Create(DevnetChain.Key(devAccount), devAccount);

    /// <summary>An identity holding <paramref name="key"/> (e.g. a fresh account from <see cref="DevnetChain.CreateFundedKeyAsync"/>).</summary>
    public static ProviderIdentity Create(EthECKey key) => Create(key, null);

    private static ProviderIdentity Create(EthECKey key, int? devAccount)
    {
        ArgumentNullException.ThrowIfNull(key);
        string directory = System.IO.Directory.CreateTempSubdirectory("dvpn-provider-").FullName;
        var identity = new ProviderIdentity(devAccount, directory, EthAddress.Parse(key.GetPublicAddress()));
        string passphrase = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        byte[] secret = key.GetPrivateKeyAsBytes();
        try
        {
            using SignerKey signer = SignerKey.FromPrivateKey(secret);
            Keystore.Save(identity.KeystorePath, signer, passphrase, ScryptParameters.Light);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        File.WriteAllText(identity.PassphrasePath, passphrase);
        File.SetUnixFileMode(identity.PassphrasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return identity;
    }

    /// <summary>Removes the keystore, passphrase and data directory.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The address, and the development account if it is one.</summary>
    public override string ToString() => DevAccount is { } account ? $"provider {Address} (dev account {account})" : $"provider {Address}";
}
