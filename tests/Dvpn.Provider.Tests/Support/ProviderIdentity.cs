using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Testing.Chain;

namespace Dvpn.Provider.Tests.Support;

/// <summary>
/// A provider's on-disk identity as an operator would set it up: a keystore holding one development account's key
/// (light scrypt, so loading it is fast) and an owner-only passphrase file, in a directory of their own.
/// </summary>
internal sealed class ProviderIdentity : IDisposable
{
    private ProviderIdentity(int devAccount, string directory)
    {
        DevAccount = devAccount;
        Directory = directory;
        Address = EthAddress.Parse(DevnetChain.Address(devAccount));
    }

    /// <summary>The development account whose key the keystore holds (it pays the provider's gas).</summary>
    public int DevAccount { get; }

    /// <summary>The provider's address: its Directory identity and the ticket recipient.</summary>
    public EthAddress Address { get; }

    public string Directory { get; }

    public string KeystorePath => Path.Combine(Directory, "keystore.json");

    public string PassphrasePath => Path.Combine(Directory, "passphrase");

    /// <summary>A fresh DataDirectory path (the provider creates it) next to the keystore.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    public static ProviderIdentity Create(int devAccount)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("dvpn-provider-").FullName;
        var identity = new ProviderIdentity(devAccount, directory);
        string passphrase = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        byte[] secret = DevnetChain.Key(devAccount).GetPrivateKeyAsBytes();
        try
        {
            using SignerKey key = SignerKey.FromPrivateKey(secret);
            Keystore.Save(identity.KeystorePath, key, passphrase, ScryptParameters.Light);
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

    public override string ToString() => $"provider {Address} (dev account {DevAccount})";
}
