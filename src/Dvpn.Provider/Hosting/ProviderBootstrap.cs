using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Protocol.Security;
using Dvpn.Provider.Claims;
using Dvpn.Provider.DataPlane;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// The start sequence, before the server listens (docs/architecture.md, provider): data directory → keystore →
/// TLS certificate → WireGuard key → chain (expected chain id, contracts) → stake → Directory listing → tunnel and
/// ticket store. Each failure becomes a <see cref="ProviderStartupException"/> naming the setting and the fix.
/// </summary>
internal sealed partial class ProviderBootstrap
{
    private readonly ProviderOptions _options;
    private readonly ProviderContext _context;
    private readonly ListingRegistrar _registrar;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ProviderBootstrap> _logger;

    public ProviderBootstrap(IOptions<ProviderOptions> options, IOptions<ClaimOptions> claimOptions, ProviderContext context,
        ListingRegistrar registrar, ILoggerFactory loggerFactory, TimeProvider timeProvider, ILogger<ProviderBootstrap> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(claimOptions);
        // Both validate here: a bad configuration throws OptionsValidationException before anything is touched.
        _options = options.Value;
        _ = claimOptions.Value;
        _context = context;
        _registrar = registrar;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_options.Testing.OverclaimPercent > 0)
        {
            LogOverclaiming(_logger, _options.Testing.OverclaimPercent);
        }

        string dataDirectory = _options.DataDirectory;
        try
        {
            SecureFiles.EnsureDirectory(dataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProviderStartupException("Provider:DataDirectory", $"cannot create the data directory '{dataDirectory}': {e.Message}",
                "point it at a directory this user may create and write");
        }

        LoadKeystore();
        LoadCertificate(Path.Combine(dataDirectory, TlsCertificateStore.FileName));
        LoadWireGuardKey(Path.Combine(dataDirectory, WireGuardKeyFile.FileName));
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await CheckStakeAsync(cancellationToken).ConfigureAwait(false);
        await _registrar.EnsureListingAsync(cancellationToken).ConfigureAwait(false);
        await CreateTunnelAsync(cancellationToken).ConfigureAwait(false);
        OpenTicketStore(Path.Combine(dataDirectory, "provider.db"));
    }

    private void LoadKeystore()
    {
        char[] passphrase = KeystorePassphrase.Read(_options.Keystore);
        try
        {
            _context.Key = Keystore.Load(_options.Keystore.Path, passphrase);
        }
        catch (KeystoreException e)
        {
            throw e.Error switch
            {
                KeystoreError.WrongPassphrase => new ProviderStartupException("Provider:Keystore:PassphraseFile",
                    $"the passphrase does not open the keystore '{_options.Keystore.Path}'",
                    $"give the right passphrase in Provider:Keystore:PassphraseFile or {KeystoreOptions.PassphraseVariable}"),
                KeystoreError.Io => new ProviderStartupException("Provider:Keystore:Path", e.Message,
                    "point Provider:Keystore:Path at the provider's keystore file (readable by this user)"),
                _ => new ProviderStartupException("Provider:Keystore:Path", $"the keystore '{_options.Keystore.Path}' is unusable: {e.Message}",
                    "point Provider:Keystore:Path at a Web3 Secret Storage v3 keystore"),
            };
        }
        finally
        {
            Array.Clear(passphrase);
        }

        LogKeystoreLoaded(_logger, _context.Address.ToString());
    }

    private void LoadCertificate(string path)
    {
        try
        {
            _context.Certificate = TlsCertificateStore.LoadOrCreate(path, _timeProvider, out bool created);
            _context.CertificatePin = CertificatePin.Fingerprint(_context.Certificate);
            LogCertificate(_logger, created ? "Created" : "Loaded", path, Convert.ToHexStringLower(_context.CertificatePin));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ProviderStartupException("Provider:DataDirectory", $"the TLS certificate '{path}' cannot be used: {e.Message}",
                "restore the file, or remove it to make a new one (clients pin it: the Directory listing is updated at start)");
        }
    }

    private void LoadWireGuardKey(string path)
    {
        try
        {
            _context.WireGuardKey = WireGuardKeyFile.LoadOrCreate(path, out bool created);
            LogWireGuardKey(_logger, created ? "Created" : "Loaded", path, _context.WireGuardKey.PublicKey.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new ProviderStartupException("Provider:DataDirectory", $"the WireGuard key '{path}' cannot be used: {e.Message}",
                "restore the file, or remove it to make a new one");
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ChainOptions chain = _options.Chain;
        Uri[] urls = [.. chain.RpcUrls.Select(u => new Uri(u))];
        ChainConnection connection;
        try
        {
            connection = await ChainConnection.ConnectAsync(urls, _context.Key.CreateEthECKey(), expectedChainId: null,
                timeProvider: _timeProvider, loggerFactory: _loggerFactory, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ChainException e)
        {
            throw new ProviderStartupException("Provider:Chain:RpcUrls", $"cannot reach the chain at {string.Join(", ", urls.Select(Redact))}: {e.Message}",
                "start the node or point Provider:Chain:RpcUrls at a reachable JSON-RPC endpoint");
        }

        if (connection.ChainId != chain.ChainId)
        {
            throw new ProviderStartupException("Provider:Chain:ChainId", $"the RPC node is on chain {connection.ChainId}, not {chain.ChainId}",
                "set Provider:Chain:ChainId to the lottery's chain, or use RPC URLs of that chain");
        }

        _context.Chain = connection;
        _context.Lottery = new LotteryClient(connection, chain.Lottery);
        _context.Directory = new DirectoryClient(connection, chain.Directory);
        _context.Verifier = new TicketVerifier(new TicketDomain(connection.ChainId, EthAddress.Parse(chain.Lottery)));
        try
        {
            await _context.Lottery.GetWithdrawDelayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChainException e)
        {
            throw new ProviderStartupException("Provider:Chain:Lottery", $"{chain.Lottery} does not answer as a Lottery contract: {e.Message}",
                "set Provider:Chain:Lottery to the Lottery contract's address on this chain");
        }

        LogConnected(_logger, (ulong)connection.ChainId, string.Join(", ", urls.Select(Redact)));
    }

    /// <summary>Scheme, host and port only: RPC URLs often carry an API key in the path or query.</summary>
    private static string Redact(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private async Task CheckStakeAsync(CancellationToken cancellationToken)
    {
        string address = _context.Address.ToString();
        BigInteger stake, minimum;
        try
        {
            minimum = await _context.Directory.GetMinStakeAsync(cancellationToken).ConfigureAwait(false);
            stake = await _context.Directory.GetStakeAsync(address, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainException e)
        {
            throw new ProviderStartupException("Provider:Chain:Directory", $"{_options.Chain.Directory} does not answer as a Directory contract: {e.Message}",
                "set Provider:Chain:Directory to the Directory contract's address on this chain");
        }

        if (stake < minimum)
        {
            throw new ProviderStartupException("Provider:Chain:Directory",
                $"the stake on provider {address} is {stake}, below the Directory's minimum of {minimum}",
                $"stake at least {minimum - stake} more on {address} in the Directory (any account may stake on it), then start again");
        }

        LogStake(_logger, stake.ToString(System.Globalization.CultureInfo.InvariantCulture), minimum.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task CreateTunnelAsync(CancellationToken cancellationToken)
    {
        TunnelOptions tunnel = _options.Tunnel;
        try
        {
            _context.Pool = new AddressPool(IPNetwork.Parse(tunnel.IPv4Pool), tunnel.IPv6Pool is { } v6 ? IPNetwork.Parse(v6) : null);
            _context.Tunnel = await ProviderTunnel.CreateAsync(tunnel, _context.Pool, _context.WireGuardKey, _loggerFactory, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ProviderStartupException("Provider:Tunnel", $"cannot create the WireGuard tunnel '{tunnel.Interface}': {e.Message}",
                "run as root (CAP_NET_ADMIN) with wireguard-go installed (Provider:Tunnel:Uapi:WireGuardGoPath), nft available, and a free interface name and port");
        }

        _context.PaymentEndPoint = new IPEndPoint(_context.Pool.GatewayIPv4, tunnel.PaymentPort);
        LogTunnel(_logger, _context.Tunnel.InterfaceName, tunnel.ListenPort, _context.PaymentEndPoint.ToString());
    }

    private void OpenTicketStore(string path)
    {
        try
        {
            _context.Store = TicketStore.Open(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ProviderStartupException("Provider:DataDirectory", $"cannot open the ticket store '{path}': {e.Message}",
                "make the data directory writable, and restore or move away a damaged provider.db (it holds unclaimed winners: keep a copy)");
        }
    }

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "TESTING ONLY - THIS PROVIDER IS DISHONEST: every invoice claims " +
        "{Percent}% more bytes than were metered (Provider:Testing:OverclaimPercent). Clients will refuse it as an over-claimer. " +
        "Never serve real clients with this setting; set it to 0.")]
    private static partial void LogOverclaiming(ILogger logger, int percent);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Keystore loaded: provider address {Address}")]
    private static partial void LogKeystoreLoaded(ILogger logger, string address);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{Action} the TLS certificate {Path}; SHA-256 fingerprint {Fingerprint}")]
    private static partial void LogCertificate(ILogger logger, string action, string path, string fingerprint);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Action} the WireGuard key {Path}; public key {PublicKey}")]
    private static partial void LogWireGuardKey(ILogger logger, string action, string path, string publicKey);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Connected to chain {ChainId} ({Rpc})")]
    private static partial void LogConnected(ILogger logger, ulong chainId, string rpc);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Stake {Stake} (Directory minimum {Minimum})")]
    private static partial void LogStake(ILogger logger, string stake, string minimum);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Tunnel {Interface} up on UDP {ListenPort}; payment endpoint {PaymentEndPoint}")]
    private static partial void LogTunnel(ILogger logger, string @interface, int listenPort, string paymentEndPoint);
}
