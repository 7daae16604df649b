using System.Security.Cryptography;
using Dvpn.Chain.Providers;
using Dvpn.Client.Events;
using Dvpn.Client.Firewall;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using Dvpn.Client.Sessions;
using Dvpn.Client.Spending;
using Dvpn.Client.Stats;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.State;

/// <summary>What the state machine works with.</summary>
internal sealed record MachineDependencies(
    ISessionFactory Sessions,
    Func<SelectionRequest?, IReadOnlySet<string>, CancellationToken, Task<ProviderListing?>> Select,
    ClientStore Store,
    EventHub Events,
    Func<SpendPolicy> Policy,
    SelectionOptions Selection,
    ReconnectOptions Reconnect,
    TimeProvider Time,
    ILogger Logger,
    ITrafficGuard? Guard = null)
{
    /// <summary>The kill switch and DNS; none for hosts and tests that do without.</summary>
    public ITrafficGuard TrafficGuard => Guard ?? PassThroughGuard.Instance;
}

/// <summary>
/// The tunnel state machine of DESIGN §6. The user's target (secured or not) is persisted; while it is secured one
/// connection loop runs: select, open, handshake, pay, stay connected, and on any provider failure mark the provider,
/// fail over to another with backoff, and come back. Every transition is published as an event.
/// </summary>
internal sealed partial class TunnelMachine : IAsyncDisposable
{
    private readonly MachineDependencies _deps;
    private readonly SemaphoreSlim _commands = new(1, 1);
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _policyChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TunnelState _state = new Disconnected(false);
    private long _version;
    private TargetState _target = TargetState.Unsecured;
    private IActiveSession? _session;
    private Loop? _loop;
    private SelectionRequest? _request;

    public TunnelMachine(MachineDependencies dependencies)
    {
        _deps = dependencies;
    }

    public TunnelState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public TargetState Target
    {
        get
        {
            lock (_gate)
            {
                return _target;
            }
        }
    }

    public SessionStats? CurrentStats
    {
        get
        {
            lock (_gate)
            {
                return _state is Connected ? _session?.Stats : null;
            }
        }
    }

    /// <summary>The current session (for diagnostics and measurements); null when not connected.</summary>
    internal IActiveSession? CurrentSession
    {
        get
        {
            lock (_gate)
            {
                return _session;
            }
        }
    }

    /// <summary>
    /// Reads the persisted target and, when it is secured, starts connecting; unless the options say not to resume,
    /// in which case a secured target is persisted as unsecured first.
    /// </summary>
    public async Task InitializeAsync()
    {
        await _commands.WaitAsync().ConfigureAwait(false);
        try
        {
            TargetState target = _deps.Store.GetTarget();
            if (target == TargetState.Secured && !_deps.Reconnect.ResumeTargetOnStart)
            {
                _deps.Store.SetTarget(TargetState.Unsecured);
                target = TargetState.Unsecured;
            }

            lock (_gate)
            {
                _target = target;
            }

            // First of all, before the loop or anything else sends a packet: a secured target blocks at once (also
            // replacing what a crashed run left, in one transaction); otherwise the rules go, or lockdown's stay.
            await SettleGuardAsync(target == TargetState.Secured).ConfigureAwait(false);
            if (target == TargetState.Unsecured)
            {
                lock (_gate)
                {
                    _state = new Disconnected(LockedDown); // published just below, with the target
                }
            }

            Publish(new TunnelStateChanged(State, target));
            if (target == TargetState.Secured)
            {
                StartLoop(request: null);
            }
        }
        finally
        {
            _commands.Release();
        }
    }

    public async Task<Connected> ConnectAsync(SelectionRequest? request, CancellationToken cancellationToken)
    {
        long since;
        await _commands.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SetTarget(TargetState.Secured);
            if (_loop is not null && (_loop.IsCompleted || !Equals(_request, request)))
            {
                await StopLoopAsync().ConfigureAwait(false);
            }

            if (_loop is null)
            {
                StartLoop(request);
            }

            since = _loop!.StartVersion;
        }
        finally
        {
            _commands.Release();
        }

        return await WaitConnectedAsync(since, cancellationToken).ConfigureAwait(false);
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await _commands.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SetTarget(TargetState.Unsecured);
            await StopLoopAsync().ConfigureAwait(false);
            await _deps.TrafficGuard.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            SetState(new Disconnected(LockedDown));
        }
        finally
        {
            _commands.Release();
        }
    }

    public async Task<Connected> ReconnectAsync(CancellationToken cancellationToken)
    {
        long since;
        await _commands.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loop is { IsCompleted: true })
            {
                await StopLoopAsync().ConfigureAwait(false);
            }

            if (_loop is null)
            {
                SetTarget(TargetState.Secured);
                StartLoop(_request);
                since = _loop!.StartVersion;
            }
            else
            {
                lock (_gate)
                {
                    since = _version;
                }

                await _loop.RequestReconnectAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _commands.Release();
        }

        return await WaitConnectedAsync(since, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The spending policy changed: a loop blocked at a cap tries again.</summary>
    public void OnPolicyChanged()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _policyChanged;
            _policyChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Lockdown, allow-LAN or the custom DNS servers changed: the rules for the present moment are applied
    /// again, and a Disconnected state says whether it is locked down now.</summary>
    /// <exception cref="FirewallException">The new rules could not be applied (the previous ones stay).</exception>
    public async Task OnFirewallSettingsChangedAsync(CancellationToken cancellationToken)
    {
        await _commands.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _deps.TrafficGuard.RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (State is Disconnected)
            {
                SetState(new Disconnected(LockedDown));
            }
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>Stops the loop, closing the session cleanly; the persisted target is left as it is for the next start.
    /// A secured target keeps blocking (the kill switch outlives the process until the next start decides).</summary>
    public async ValueTask DisposeAsync()
    {
        await _commands.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopLoopAsync().ConfigureAwait(false);
            await ShutdownGuardAsync().ConfigureAwait(false);
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>Waits for a Connected state entered after version <paramref name="since"/>, or throws on an error state.</summary>
    private async Task<Connected> WaitConnectedAsync(long since, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_version > since)
                {
                    switch (_state)
                    {
                        case Connected connected:
                            return connected;
                        case ErrorState error:
                            throw new DvpnClientException(error.Cause, error.Detail, IsTransient(error.Cause));
                        case Disconnected when _target == TargetState.Unsecured:
                            throw new OperationCanceledException("The connection was given up: the client was disconnected meanwhile.");
                    }
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(ErrorCause cause) => cause is ErrorCause.NoProviderAvailable or ErrorCause.ChainUnavailable;

    private void StartLoop(SelectionRequest? request)
    {
        _request = request;
        long version;
        lock (_gate)
        {
            version = _version;
        }

        _loop = new Loop(this, request, version);
    }

    private async Task StopLoopAsync()
    {
        if (_loop is { } loop)
        {
            _loop = null;
            await loop.StopAsync().ConfigureAwait(false);
        }
    }

    private void SetTarget(TargetState target)
    {
        _deps.Store.SetTarget(target);
        lock (_gate)
        {
            _target = target;
        }
    }

    private void SetState(TunnelState state)
    {
        TaskCompletionSource changed;
        TargetState target;
        lock (_gate)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
            _version++;
            target = _target;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Log.StateChanged(_deps.Logger, Describe(state));
        Publish(new TunnelStateChanged(state, target));
        changed.TrySetResult();
    }

    private void Publish(ClientEvent e) => _deps.Events.Publish(e);

    private static string Describe(TunnelState state) => state switch
    {
        Connecting c => $"connecting ({c.Phase.ToString().ToLowerInvariant()}{(c.Provider is null ? "" : $" {c.Provider.Address}")}, attempt {c.Attempt})",
        Connected c => $"connected to {c.Provider.Address} (session {c.Session.SessionId})",
        Disconnecting d => $"disconnecting (then {d.After.ToString().ToLowerInvariant()})",
        ErrorState e => $"error {e.Cause}: {e.Detail}",
        Disconnected d => d.LockedDown ? "disconnected (locked down)" : "disconnected",
        _ => state.Name,
    };

    /// <summary>Whether a Disconnected state still blocks: the lockdown rules are in force.</summary>
    private bool LockedDown => _deps.TrafficGuard.Status is { Mode: FirewallMode.Blocking, Lockdown: true };

    private async Task SettleGuardAsync(bool secured)
    {
        try
        {
            if (secured)
            {
                await _deps.TrafficGuard.BlockAsync(null, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _deps.TrafficGuard.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (FirewallException e)
        {
            // The loop tries again on every attempt and reports it; a failure here must not stop the start.
            Log.GuardFailed(_deps.Logger, e.Message);
        }
    }

    private async Task ShutdownGuardAsync()
    {
        try
        {
            await _deps.TrafficGuard.ShutdownAsync(keepBlocking: Target == TargetState.Secured).ConfigureAwait(false);
        }
        catch (FirewallException e)
        {
            Log.GuardFailed(_deps.Logger, e.Message);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        ReconnectOptions options = _deps.Reconnect;
        double factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        TimeSpan delay = TimeSpan.FromTicks((long)Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks * factor));
        double jitter = 0.8 + (0.4 * RandomNumberGenerator.GetInt32(1000) / 1000.0);
        return delay * jitter;
    }
}
