using Dvpn.Client.Discovery;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Selection;
using Dvpn.Client.Spending;
using Dvpn.Client.State;
using Dvpn.Client.Stats;
using Dvpn.Client.Wallet;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client;

/// <summary>
/// The DvpnClient: discovers providers, keeps the user connected to one through a paid WireGuard tunnel, and
/// enforces the spending policy. Create it with <see cref="Create"/> (or <c>services.AddDvpnClient(...)</c>), call
/// <see cref="StartAsync"/>, then <see cref="ConnectAsync"/>. Thread-safe.
/// </summary>
public sealed partial class DvpnClient : IAsyncDisposable
{
    /// <summary>Creates a client; nothing is read or started until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The options; validated by <see cref="StartAsync"/>.</param>
    /// <param name="loggerFactory">Where logs go; default none.</param>
    /// <param name="timeProvider">The clock; default the system clock.</param>
    public static DvpnClient Create(DvpnClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DvpnClient(options, loggerFactory, timeProvider ?? TimeProvider.System);
    }

    /// <summary>The live tunnel state.</summary>
    public TunnelState State => _machine?.State ?? new Disconnected(false);

    /// <summary>The user's persisted wish (secured or not).</summary>
    public TargetState Target => _machine?.Target ?? TargetState.Unsecured;

    /// <summary>Provider discovery and selection.</summary>
    public ProviderCatalog Providers => _providers ?? throw NotStarted();

    /// <summary>The lottery account and its keys.</summary>
    public DvpnWallet Wallet => _wallet ?? throw NotStarted();

    /// <summary>The spending policy and the ledger's totals.</summary>
    public SpendingControl Spending => _spending ?? throw NotStarted();

    /// <summary>Figures of the current session; null when not connected.</summary>
    public SessionStats? CurrentSession => _machine?.CurrentStats;

    /// <summary>The current session's payment stream figures (for the payment overhead measurement); null when not connected.</summary>
    internal Payments.PaymentCounters? CurrentPaymentCounters =>
        OperatingSystem.IsLinux() ? (_machine?.CurrentSession as Sessions.ProviderSession)?.PaymentCounters : null;

    /// <summary>The newest <paramref name="limit"/> sessions, newest first.</summary>
    public IReadOnlyList<SessionRecord> GetHistory(int limit = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return (_store ?? throw NotStarted()).GetHistory(limit);
    }

    /// <summary>
    /// Subscribes to events. The subscription's first event is a <see cref="TunnelStateChanged"/> snapshot of the
    /// current state, then every event in order. A subscriber that falls <paramref name="capacity"/> events behind
    /// gets an <see cref="EventsDropped"/> and a fresh snapshot instead of unbounded memory.
    /// </summary>
    public ClientEventSubscription Subscribe(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 4);
        return _events.Subscribe(capacity, () => new TunnelStateChanged(State, Target));
    }

    /// <summary>The events as an async stream (a <see cref="Subscribe"/> that ends with <paramref name="cancellationToken"/>).</summary>
    public async IAsyncEnumerable<ClientEvent> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using ClientEventSubscription subscription = Subscribe();
        await foreach (ClientEvent e in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <summary>
    /// Sets the target to secured (persisted) and returns once the tunnel is up and paid for. Failed providers are
    /// failed over with backoff meanwhile. Throws <see cref="DvpnClientException"/> when the client lands in an error
    /// state (no provider, cap reached, funds); the target stays secured and the client keeps trying in the
    /// background unless the cause needs the user. Cancelling stops the wait, not the connection.
    /// </summary>
    public Task<Connected> ConnectAsync(SelectionRequest? request = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNotStarted();
        return _machine!.ConnectAsync(request, cancellationToken);
    }

    /// <summary>Sets the target to unsecured (persisted), closes the session cleanly and returns when Disconnected.</summary>
    public Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotStarted();
        return _machine!.DisconnectAsync(cancellationToken);
    }

    /// <summary>Leaves the current provider for another one (keeps the target secured).</summary>
    public Task<Connected> ReconnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotStarted();
        return _machine!.ReconnectAsync(cancellationToken);
    }
}
