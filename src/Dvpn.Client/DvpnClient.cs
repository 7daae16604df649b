using Dvpn.Client.Discovery;
using Dvpn.Client.Events;
using Dvpn.Client.Firewall;
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

    /// <summary>What the kill switch is doing now (<see cref="FirewallMode.Off"/> before the client starts).</summary>
    public FirewallStatus Firewall => _guard?.Status ?? new FirewallStatus(FirewallMode.Off, "", _options.Firewall.Lockdown, _options.Firewall.AllowLan, null);

    /// <summary>
    /// Changes lockdown, LAN access and the custom DNS servers together and applies them at once: the rules for the
    /// present moment are replaced in one transaction (lockdown on while disconnected blocks now; off removes the
    /// rules). Custom DNS servers take effect from the next session. A <see cref="FirewallChanged"/> event follows.
    /// </summary>
    /// <param name="lockdown">Block while disconnected too.</param>
    /// <param name="allowLan">Let local networks bypass the block.</param>
    /// <param name="customDns">DNS servers (IP addresses, at most 8) instead of the provider's; empty for the provider's.</param>
    /// <param name="cancellationToken">Stops waiting for a change in progress.</param>
    /// <exception cref="ArgumentException">A DNS server is not an IP address, or there are more than 8.</exception>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.TunnelSetupFailed"/>: the rules could not be applied
    /// (the settings are kept; the previous rules stay in force).</exception>
    public async Task UpdateFirewallAsync(bool lockdown, bool allowLan, IReadOnlyList<string> customDns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customDns);
        if (customDns.Count > DvpnClientOptionsValidator.MaxCustomDns || customDns.Any(d => !System.Net.IPAddress.TryParse(d, out _)))
        {
            throw new ArgumentException($"Custom DNS servers must be at most {DvpnClientOptionsValidator.MaxCustomDns} IP addresses.", nameof(customDns));
        }

        _options.Firewall.Set(lockdown, allowLan, customDns);
        if (_machine is null)
        {
            return; // read when the client starts
        }

        try
        {
            await _machine.OnFirewallSettingsChangedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FirewallException e)
        {
            throw new DvpnClientException(ErrorCause.TunnelSetupFailed, $"the kill switch could not be changed: {e.Message}", isTransient: false, e);
        }
    }

    /// <summary>Leaves the current provider for another one (keeps the target secured).</summary>
    public Task<Connected> ReconnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotStarted();
        return _machine!.ReconnectAsync(cancellationToken);
    }
}
