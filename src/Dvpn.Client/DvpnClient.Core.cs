using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Client.Discovery;
using Dvpn.Client.Events;
using Dvpn.Client.Firewall;
using Dvpn.Client.Networking;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Resolution;
using Dvpn.Client.Sessions;
using Dvpn.Client.Spending;
using Dvpn.Client.State;
using Dvpn.Client.Wallet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dvpn.Client;

public sealed partial class DvpnClient
{
    private static readonly TimeSpan GasPriceInterval = TimeSpan.FromMinutes(1);

    private readonly DvpnClientOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly EventHub _events;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly CancellationTokenSource _background = new();
    private readonly List<Task> _backgroundTasks = [];
    private readonly List<IDisposable> _owned = [];
    private TunnelMachine? _machine;
    private TrafficGuard? _guard;
    private ClientStore? _store;
    private ProviderCatalog? _providers;
    private DvpnWallet? _wallet;
    private SpendingControl? _spending;
    private readonly Lock _gasGate = new();
    private BigInteger _gasPrice;
    private bool _disposed;
    private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DvpnClient(DvpnClientOptions options, ILoggerFactory? loggerFactory, TimeProvider time)
    {
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<DvpnClient>();
        _time = time;
        _events = new EventHub(time);
    }

    /// <summary>
    /// Validates the options, opens the data directory and the ledger, loads the keys, connects to the chain, loads
    /// the provider cache, starts the background refresh, and returns the user to the persisted target state (a
    /// client that was secured when it stopped connects again).
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid, or a key file named by them cannot be
    /// read or decrypted (the failure names the setting).</exception>
    /// <exception cref="DvpnClientException">The chain cannot be reached (<see cref="ErrorCause.ChainUnavailable"/>).</exception>
    /// <exception cref="PlatformNotSupportedException">Not Linux: the Windows tunnel path is not built yet.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_machine is not null)
            {
                throw new InvalidOperationException("The client is already started.");
            }

            if (_started.Task.IsCompleted)
            {
                _started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // a new attempt after a failed one
            }

            try
            {
                if (!OperatingSystem.IsLinux())
                {
                    throw new PlatformNotSupportedException("The DvpnClient tunnel runs on Linux; the Windows path (WireGuardNT routes) is not built yet.");
                }

                ValidateOptionsResult validation = new DvpnClientOptionsValidator().Validate(null, _options);
                if (validation.Failed)
                {
                    throw new OptionsValidationException(nameof(DvpnClientOptions), typeof(DvpnClientOptions), validation.Failures);
                }

                await StartCoreAsync(cancellationToken).ConfigureAwait(false);
                _started.TrySetResult();
            }
            catch (Exception e)
            {
                ReleaseOwned();
                (_store, _providers, _wallet, _spending, _machine, _guard) = (null, null, null, null, null, null);
                _ = e is OperationCanceledException ? _started.TrySetCanceled(cancellationToken) : _started.TrySetException(e);
                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Completes once <see cref="StartAsync"/> has succeeded; fails with the exception of the last start when it failed
    /// (until the next attempt). For hosts that start the client in the background
    /// (<see cref="Hosting.DvpnClientHostingOptions.StartInBackground"/>) and must hold calls until it is ready.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the start goes on).</param>
    public Task WaitUntilStartedAsync(CancellationToken cancellationToken = default) => _started.Task.WaitAsync(cancellationToken);

    [SupportedOSPlatform("linux")]
    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        string data = _options.DataDirectory;
        Directory.CreateDirectory(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        WalletOptions walletOptions = _options.Wallet;
        SignerKey signerKey = LoadKey(walletOptions.SignerKeystorePath, walletOptions.SignerPassphraseFile, "Signer");
        _owned.Add(signerKey);
        SignerKey? funderKey = walletOptions.FunderKeystorePath is { } funderPath ? LoadKey(funderPath, walletOptions.FunderPassphraseFile!, "Funder") : null;
        if (funderKey is not null)
        {
            _owned.Add(funderKey);
        }

        ChainOptions chainOptions = _options.Chain;
        ChainConnection chain = await ConnectChainAsync(null, cancellationToken).ConfigureAwait(false);
        bool singleKey = funderKey is null && walletOptions.FunderAddress is null;
        ChainConnection? funderChain = funderKey is not null ? await ConnectChainAsync(funderKey, cancellationToken).ConfigureAwait(false)
            : singleKey ? await ConnectChainAsync(signerKey, cancellationToken).ConfigureAwait(false)
            : null;
        EthAddress funder = funderKey?.Address ?? (walletOptions.FunderAddress is { } cold ? EthAddress.Parse(cold) : signerKey.Address);
        EthAddress token = EthAddress.Parse(walletOptions.Token);
        EthAddress lottery = EthAddress.Parse(chainOptions.Lottery);
        var signer = new TicketSigner(signerKey, new TicketDomain(chainOptions.ChainId, lottery));
        _owned.Add(signer);
        _wallet = new DvpnWallet(chain, funderChain, chainOptions.Lottery, token.ToString(), funder.ToString(), signer.Address.ToString());

        ClientStore store = ClientStore.Open(Path.Combine(data, "client.db"), _time, _loggerFactory.CreateLogger<ClientStore>());
        _owned.Add(store);
        _store = store;
        var network = new ClientNetwork(_options.Tunnel.NetworkNamespace);
        TunnelMachine? machine = null;
        _spending = new SpendingControl(store, SpendPolicy.From(_options.Spending), () => machine?.CurrentSession?.Info.SessionId);
        _spending.PolicyChanged += () => machine?.OnPolicyChanged();
        _providers = ProviderCatalog.Create(new DirectoryClient(chain, chainOptions.Directory), chainOptions.ChainId, data, _options.Discovery,
            _options.Selection, network, now => store.GetActiveMarks(now), () => _spending.Policy.MaxPricePerGiB, _time, _loggerFactory);
        _providers.Refreshed += list => _events.Publish(new ProvidersRefreshed(list.BlockNumber, list.Providers.Count, list.Rejected));
        await _providers.InitializeAsync(cancellationToken).ConfigureAwait(false);

        _gasPrice = await chain.GetGasPriceAsync(cancellationToken).ConfigureAwait(false);
        var tunnel = new TunnelPlumbing(_options.Tunnel, Path.Combine(data, "tunnel-routes.json"), _loggerFactory, _time);
        _owned.Add(tunnel);
        TrafficGuard guard = await CreateGuardAsync(data, _providers, cancellationToken).ConfigureAwait(false);
        _owned.Add(guard);
        _guard = guard;
        var lotteryClient = new LotteryClient(chain, chainOptions.Lottery);
        var environment = new SessionEnvironment(_options, network, signer, funder, token, lottery, chainOptions.ChainId, store, () => _spending.Policy,
            GasPrice,
            ct => ReadBalanceAsync(lotteryClient, token, funder, signer.Address, ct), tunnel, _time, _loggerFactory, e => _events.Publish(e), guard);
        machine = new TunnelMachine(new MachineDependencies(new ProviderSessionFactory(environment), _providers.SelectAsync, store, _events,
            () => _spending.Policy, _options.Selection, _options.Reconnect, _time, _loggerFactory.CreateLogger<TunnelMachine>(), guard));
        try
        {
            await machine.InitializeAsync().ConfigureAwait(false);
        }
        catch
        {
            await machine.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Nothing below can fail: the client is started.
        _machine = machine;
        CancellationToken stop = _background.Token;
        ProviderCatalog providers = _providers;
        _backgroundTasks.Add(Task.Run(() => providers.RunRefreshLoopAsync(stop), CancellationToken.None));
        _backgroundTasks.Add(Task.Run(() => RefreshGasPriceAsync(chain, stop), CancellationToken.None));
        Log.Started(_logger, signer.Address.ToString(), funder.ToString(), machine.Target.ToString());
    }

    /// <summary>Closes the session cleanly (the target state stays as it is, for the next start) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_machine is not null)
            {
                await _machine.DisposeAsync().ConfigureAwait(false);
            }

            await _background.CancelAsync().ConfigureAwait(false);
            foreach (Task task in _backgroundTasks)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            ReleaseOwned();
            _background.Dispose();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// The kill switch (nftables in the tunnel's namespace) and the DNS configuration, with the chain endpoints resolved
    /// now, before anything blocks DNS. A DNS configuration left changed by a crashed run is put back first.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private async Task<TrafficGuard> CreateGuardAsync(string data, ProviderCatalog providers, CancellationToken cancellationToken)
    {
        FirewallOptions firewall = _options.Firewall;
        string? ns = _options.Tunnel.NetworkNamespace;
        IKillSwitch? killSwitch = KillSwitches.Create(firewall, ns);
        IDnsConfigurator? dns = firewall.ManageDns
            ? await DnsConfiguration.StartAsync(firewall, ns, data, _loggerFactory.CreateLogger("Dvpn.Client.Resolution"), cancellationToken).ConfigureAwait(false)
            : null;
        IReadOnlyList<System.Net.IPEndPoint> chain = await ChainEndpoints.ResolveAsync(_options.Chain.RpcUrls, cancellationToken).ConfigureAwait(false);
        var guard = new TrafficGuard(killSwitch, dns, firewall, chain, ct => ListedEndpointsAsync(providers, ct), e => _events.Publish(e),
            _loggerFactory.CreateLogger<TrafficGuard>());
        return guard;
    }

    private static async Task<IReadOnlyList<Uri>> ListedEndpointsAsync(ProviderCatalog providers, CancellationToken cancellationToken)
    {
        try
        {
            ProviderList list = await providers.ListAsync(cancellationToken).ConfigureAwait(false);
            return [.. list.Providers.Where(p => p.Listed).Select(p => p.Endpoint)];
        }
        catch (DvpnClientException)
        {
            return []; // no list: nothing to probe, and blocking them too is the safe side
        }
    }

    private void ReleaseOwned()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    private async Task<ChainConnection> ConnectChainAsync(SignerKey? key, CancellationToken cancellationToken)
    {
        try
        {
            return await ChainConnection.ConnectAsync([.. _options.Chain.RpcUrls], key?.CreateEthECKey(), _options.Chain.ChainId,
                timeProvider: _time, loggerFactory: _loggerFactory, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ChainException e) when (e.IsTransient)
        {
            throw new DvpnClientException(ErrorCause.ChainUnavailable, $"the chain cannot be reached ({e.Message})", isTransient: true, e);
        }
    }

    /// <summary>Reads a keystore and its passphrase file; a file that cannot be read is an options error naming the
    /// setting (<c>Wallet:SignerPassphraseFile: cannot read ...</c>), so a host can say which setting to fix.</summary>
    private static SignerKey LoadKey(string keystorePath, string passphraseFile, string role)
    {
        string passphrase = ReadOrThrow(passphraseFile, $"Wallet:{role}PassphraseFile", path => File.ReadLines(path).FirstOrDefault() ?? "");
        return ReadOrThrow(keystorePath, $"Wallet:{role}KeystorePath", path => Keystore.Load(path, passphrase));
    }

    private static T ReadOrThrow<T>(string path, string setting, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OptionsValidationException(nameof(DvpnClientOptions), typeof(DvpnClientOptions),
                [$"{setting}: cannot read '{path}': {e.Message}"]);
        }
        catch (KeystoreException e)
        {
            // Unreadable, not a keystore, or the passphrase does not open it: the message says which.
            throw new OptionsValidationException(nameof(DvpnClientOptions), typeof(DvpnClientOptions), [$"{setting}: {e.Message}"]);
        }
    }

    private static async Task<BigInteger> ReadBalanceAsync(LotteryClient lottery, EthAddress token, EthAddress funder, EthAddress signer, CancellationToken cancellationToken)
    {
        LotteryAccount account = await lottery.GetAccountAsync(token.ToString(), funder.ToString(), signer.ToString(), cancellationToken).ConfigureAwait(false);
        if (account.Balance.IsZero || account.Escrow.IsZero)
        {
            throw new SessionSetupException(Events.ProviderFailureReason.Unreachable,
                $"the lottery account (funder {funder}, signer {signer}) has balance {account.Balance} and escrow {account.Escrow}: fund it first", isAccountProblem: true);
        }

        return account.Balance;
    }

    private async Task RefreshGasPriceAsync(ChainConnection chain, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(GasPriceInterval, _time, stop).ConfigureAwait(false);
            try
            {
                BigInteger price = await chain.GetGasPriceAsync(stop).ConfigureAwait(false);
                lock (_gasGate)
                {
                    _gasPrice = price;
                }
            }
            catch (ChainException e)
            {
                Log.GasPriceFailed(_logger, e.Message);
            }
        }
    }

    private BigInteger GasPrice()
    {
        lock (_gasGate)
        {
            return _gasPrice;
        }
    }

    private void ThrowIfNotStarted()
    {
        if (_machine is null)
        {
            throw NotStarted();
        }
    }

    private static InvalidOperationException NotStarted() => new("The client is not started: call StartAsync first.");
}
