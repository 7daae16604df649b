using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Client.Options;
using Dvpn.Devnet.Lab;
using Nethereum.Signer;

namespace Dvpn.Daemon.Tests.Support;

/// <summary>
/// A client account for a daemon that may move money: the lab's signer keystore, plus a funder of its own whose key
/// the daemon holds (Wallet:FunderKeystorePath), which funded the lottery account (funder, signer) before the daemon
/// starts. The lab's own funder account for the signer is not used.
/// </summary>
internal sealed class DaemonAccount : IDisposable
{
    private DaemonAccount(LabClientAccount account, EthAddress funder, LotteryClient funderLottery)
    {
        Account = account;
        Funder = funder;
        FunderLottery = funderLottery;
    }

    public LabClientAccount Account { get; }

    /// <summary>The funder whose key the daemon holds.</summary>
    public EthAddress Funder { get; }

    /// <summary>The funder's own connection to the lottery (to read the account as the chain has it).</summary>
    public LotteryClient FunderLottery { get; }

    public EthAddress Signer => Account.Signer;

    public string DataDirectory => Account.DataDirectory;

    public string FunderKeystorePath => Path.Combine(Account.Directory, "funder.json");

    public string FunderPassphraseFile => Path.Combine(Account.Directory, "funder.passphrase");

    public static async Task<DaemonAccount> CreateAsync(ClientLab lab, BigInteger balance, BigInteger escrow, CancellationToken cancellationToken = default)
    {
        // The lab's account funds (its funder, signer) with the minimum; ours is (our funder, signer).
        LabClientAccount account = await lab.CreateClientAccountAsync(1, 1, cancellationToken);
        try
        {
            EthECKey key = await lab.Chain.CreateFundedKeyAsync((decimal)((balance + escrow) / ClientLab.Ether) + 20, cancellationToken);
            ChainConnection connection = await ChainConnection.ConnectAsync([lab.Chain.RpcUrl], key, cancellationToken: cancellationToken);
            var lottery = new LotteryClient(connection, lab.Chain.Contracts.Lottery);
            await lottery.FundAsync(LotteryClient.NativeToken, account.Signer.ToString(), balance, escrow, cancellationToken);
            var daemonAccount = new DaemonAccount(account, EthAddress.Parse(key.GetPublicAddress()), lottery);

            byte[] privateKey = key.GetPrivateKeyAsBytes();
            string passphrase = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            try
            {
                using SignerKey funderKey = SignerKey.FromPrivateKey(privateKey);
                Keystore.Save(daemonAccount.FunderKeystorePath, funderKey, passphrase, ScryptParameters.Light);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(privateKey);
            }

            File.WriteAllText(daemonAccount.FunderPassphraseFile, passphrase + "\n");
            File.SetUnixFileMode(daemonAccount.FunderPassphraseFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return daemonAccount;
        }
        catch
        {
            account.Dispose();
            throw;
        }
    }

    /// <summary>The lab account's options (client namespace, regions) with the daemon holding our funder's key.</summary>
    public DvpnClientOptions CreateOptions(params string[] regions)
    {
        DvpnClientOptions options = Account.CreateOptions(regions);
        options.Wallet.FunderAddress = null;
        options.Wallet.FunderKeystorePath = FunderKeystorePath;
        options.Wallet.FunderPassphraseFile = FunderPassphraseFile;
        return options;
    }

    /// <summary>The lottery account (native token) as the chain has it now.</summary>
    public Task<LotteryAccount> GetLotteryAccountAsync(CancellationToken cancellationToken = default) =>
        FunderLottery.GetAccountAsync(LotteryClient.NativeToken, Funder.ToString(), Signer.ToString(), cancellationToken);

    public void Dispose() => Account.Dispose();
}
