using System.Numerics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.Client.Options;
using Dvpn.Devnet.Chain;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Lab;

namespace Dvpn.Devnet.Leak;

/// <summary>Client accounts and dvpnd inside the client host.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class LeakLab
{
    /// <summary>A fresh account holding <paramref name="balance"/> (default 10 ether) and <paramref name="escrow"/> (default 1 ether); removed with the lab.</summary>
    public async Task<LeakAccount> CreateAccountAsync(BigInteger? balance = null, BigInteger? escrow = null,
        CancellationToken cancellationToken = default)
    {
        LeakAccount account;
        await _bankGate.WaitAsync(cancellationToken);
        try
        {
            account = await LeakAccount.CreateAsync(Chain, balance ?? 10 * Ether, escrow ?? Ether, cancellationToken);
        }
        finally
        {
            _bankGate.Release();
        }

        lock (_gate)
        {
            _accounts.Add(account);
        }

        return account;
    }

    /// <summary>
    /// The client library's options for a dvpnd of <paramref name="account"/> inside the client host: chain RPC at
    /// <see cref="ChainEndPoint"/> (across the uplink), the tunnel in dvpnd's own namespace (no
    /// <c>Tunnel:NetworkNamespace</c>), a fresh interface name, selection limited to <paramref name="regions"/>, quick
    /// reconnects and a generous payment tolerance, as the client lab's accounts have.
    /// </summary>
    public DvpnClientOptions CreateClientOptions(LeakAccount account, params string[] regions)
    {
        ArgumentNullException.ThrowIfNull(account);
        var options = new DvpnClientOptions
        {
            DataDirectory = account.DataDirectory,
            Chain = new ChainOptions
            {
                RpcUrls = [new Uri($"http://{ChainEndPoint}")],
                ChainId = DevnetChain.ChainId,
                Lottery = Chain.Contracts.Lottery,
                Directory = Chain.Contracts.Directory,
            },
            Wallet = new WalletOptions
            {
                SignerKeystorePath = account.SignerKeystorePath,
                SignerPassphraseFile = account.SignerPassphraseFile,
                FunderKeystorePath = account.FunderKeystorePath,
                FunderPassphraseFile = account.FunderPassphraseFile,
            },
            Tunnel = new TunnelOptions
            {
                InterfaceName = Network.NewInterfaceName("cwg"),
                WireGuardGoPath = WireGuardGoPath,
            },
        };
        return LabClientTuning.Apply(options, regions);
    }

    /// <summary>Settings for a dvpnd whose socket and logs live in a fresh temporary directory (removed with the lab), operator group root.</summary>
    public DaemonSettings CreateDaemonSettings(DvpnClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string directory = Path.Combine(Path.GetTempPath(), "dvpnd-leak-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        DaemonSettings settings = DaemonSettings.Create(directory, options);
        settings.Set("Daemon:OperatorGroup", "root");
        Own(new DirectoryRemoval(directory));
        return settings;
    }

    /// <summary>
    /// Launches dvpnd inside the client host (see <see cref="DaemonProcess.Launch(Namespaces.NetworkHost, DaemonSettings)"/>)
    /// without waiting; stopped with the lab if the test does not stop it.
    /// </summary>
    public DaemonProcess LaunchDaemon(DaemonSettings settings)
    {
        if (!File.Exists(ResolvConfPath))
        {
            throw new InvalidOperationException($"{ResolvConfPath} is missing: dvpnd would see the machine's real resolv.conf.");
        }

        return Own(DaemonProcess.Launch(Client, settings));
    }

    private sealed class DirectoryRemoval(string path) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            return ValueTask.CompletedTask;
        }
    }
}
