using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Client.Options;

namespace Dvpn.Devnet.Lab;

/// <summary>
/// A client's keys and data directory as a user would set them up: a fresh signer in a keystore (light scrypt) with
/// an owner-only passphrase file, a funder account of its own that funded the lottery account, and a data directory
/// path (not yet created: the library creates it). <see cref="CreateOptions"/> gives options that point at all of it.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabClientAccount : IDisposable
{
    private readonly ClientLab _lab;

    private LabClientAccount(ClientLab lab, string directory, EthAddress signer, LotteryClient funderLottery)
    {
        _lab = lab;
        Directory = directory;
        Signer = signer;
        Lottery = funderLottery;
        Funder = EthAddress.Parse(funderLottery.Chain.Address!);
    }

    /// <summary>The account's directory (0700): keystore, passphrase, data directory.</summary>
    public string Directory { get; }

    /// <summary>The signer keystore.</summary>
    public string SignerKeystorePath => Path.Combine(Directory, "signer.json");

    /// <summary>The signer keystore's passphrase file (0600).</summary>
    public string SignerPassphraseFile => Path.Combine(Directory, "signer.passphrase");

    /// <summary>The client's DataDirectory (the ledger is in it).</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The signer's address.</summary>
    public EthAddress Signer { get; }

    /// <summary>The funder's address (a fresh devnet account).</summary>
    public EthAddress Funder { get; }

    /// <summary>The funder's connection to the lottery.</summary>
    public LotteryClient Lottery { get; }

    /// <summary>The lottery account (native token) as the chain has it now.</summary>
    public Task<LotteryAccount> GetAccountAsync(CancellationToken cancellationToken = default) =>
        Lottery.GetAccountAsync(LotteryClient.NativeToken, Funder.ToString(), Signer.ToString(), cancellationToken);

    /// <summary>
    /// Options for a client of this account in the lab's client namespace: chain RPC straight to anvil (root
    /// namespace), tunnel and provider connections in the client namespace, a fresh interface name, selection limited
    /// to <paramref name="regions"/> (so a test sees only its own providers), quick reconnects, and a payment tolerance
    /// generous enough for wireguard-go's UDP loss under load (tests of over-claiming lower it).
    /// </summary>
    public DvpnClientOptions CreateOptions(params string[] regions)
    {
        var options = new DvpnClientOptions
        {
            DataDirectory = DataDirectory,
            Chain = new ChainOptions
            {
                RpcUrls = [_lab.Chain.RpcUrl],
                ChainId = Chain.DevnetChain.ChainId,
                Lottery = _lab.Chain.Contracts.Lottery,
                Directory = _lab.Chain.Contracts.Directory,
            },
            Wallet = new WalletOptions
            {
                SignerKeystorePath = SignerKeystorePath,
                SignerPassphraseFile = SignerPassphraseFile,
                FunderAddress = Funder.ToString(),
            },
            Tunnel = new TunnelOptions
            {
                InterfaceName = _lab.Network.NewInterfaceName("cwg"),
                NetworkNamespace = _lab.Client.Namespace,
                WireGuardGoPath = _lab.WireGuardGoPath,
                RequestIPv6 = false,
            },
        };
        return LabClientTuning.Apply(options, regions);
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

    /// <summary>The signer and funder.</summary>
    public override string ToString() => $"client account (signer {Signer}, funder {Funder})";

    /// <summary>Writes the signer keystore and passphrase into a new 0700 directory.</summary>
    internal static LabClientAccount Create(ClientLab lab, LotteryClient funderLottery)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("dvpn-client-").FullName;
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string passphrase = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using SignerKey key = SignerKey.Generate();
        var account = new LabClientAccount(lab, directory, key.Address, funderLottery);
        Keystore.Save(account.SignerKeystorePath, key, passphrase, ScryptParameters.Light);
        File.WriteAllText(account.SignerPassphraseFile, passphrase + "\n");
        File.SetUnixFileMode(account.SignerPassphraseFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return account;
    }
}
