using System.Numerics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Devnet.Chain;
using Nethereum.Signer;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// A client account for a dvpnd that may move money: a fresh signer and a fresh funder, both in keystores (light
/// scrypt) with owner-only passphrase files in a 0700 directory of their own, the lottery account (funder, signer)
/// funded before the daemon starts, and a data directory path (created by the client).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LeakAccount : IDisposable
{
    private LeakAccount(string directory, EthAddress signer, EthAddress funder)
    {
        Directory = directory;
        Signer = signer;
        Funder = funder;
    }

    /// <summary>The account's directory (0700).</summary>
    public string Directory { get; }

    /// <summary>The signer keystore.</summary>
    public string SignerKeystorePath => Path.Combine(Directory, "signer.json");

    /// <summary>The signer keystore's passphrase file (0600).</summary>
    public string SignerPassphraseFile => Path.Combine(Directory, "signer.passphrase");

    /// <summary>The funder keystore (the daemon holds the funder's key).</summary>
    public string FunderKeystorePath => Path.Combine(Directory, "funder.json");

    /// <summary>The funder keystore's passphrase file (0600).</summary>
    public string FunderPassphraseFile => Path.Combine(Directory, "funder.passphrase");

    /// <summary>The client's DataDirectory (ledger, target state, route state).</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The signer's address.</summary>
    public EthAddress Signer { get; }

    /// <summary>The funder's address.</summary>
    public EthAddress Funder { get; }

    /// <summary>Removes the keystores, passphrases and data directory.</summary>
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

    /// <summary>The signer and funder.</summary>
    public override string ToString() => $"leak account (signer {Signer}, funder {Funder})";

    /// <summary>Creates the keys and funds (funder, signer) with <paramref name="balance"/> and <paramref name="escrow"/>.</summary>
    internal static async Task<LeakAccount> CreateAsync(DevnetChain chain, BigInteger balance, BigInteger escrow, CancellationToken cancellationToken)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("dvpn-leak-").FullName;
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using SignerKey signer = SignerKey.Generate();
            EthECKey funderKey = await chain.CreateFundedKeyAsync((decimal)((balance + escrow) / LeakLab.Ether) + 20, cancellationToken);
            var account = new LeakAccount(directory, signer.Address, EthAddress.Parse(funderKey.GetPublicAddress()));
            Save(account.SignerKeystorePath, account.SignerPassphraseFile, signer);

            // Funded before the key bytes are wiped: GetPrivateKeyAsBytes hands out the key's own array.
            ChainConnection connection = await ChainConnection.ConnectAsync([chain.RpcUrl], funderKey, cancellationToken: cancellationToken);
            var lottery = new LotteryClient(connection, chain.Contracts.Lottery);
            await lottery.FundAsync(LotteryClient.NativeToken, account.Signer.ToString(), balance, escrow, cancellationToken);
            byte[] secret = funderKey.GetPrivateKeyAsBytes();
            try
            {
                using SignerKey funder = SignerKey.FromPrivateKey(secret);
                Save(account.FunderKeystorePath, account.FunderPassphraseFile, funder);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(secret);
            }

            return account;
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    private static void Save(string keystorePath, string passphrasePath, SignerKey key)
    {
        string passphrase = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Keystore.Save(keystorePath, key, passphrase, ScryptParameters.Light);
        File.WriteAllText(passphrasePath, passphrase + "\n");
        File.SetUnixFileMode(passphrasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
