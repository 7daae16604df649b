using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Events;
using Dvpn.Client.Firewall;
using Dvpn.Client.Options;
using Dvpn.Client.Payments;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using Dvpn.Client.Sessions;
using Dvpn.Client.Telemetry;

namespace Dvpn.Client.State;

internal sealed partial class TunnelMachine
{
    /// <summary>One connection loop: runs while the target is secured, from one Connect to the next Disconnect.</summary>
    private sealed class Loop
    {
        /// <summary>A session that ends sooner than this without a failure still counts as a failed attempt.</summary>
        private static readonly TimeSpan MinHealthySession = TimeSpan.FromMinutes(1);

        private readonly TunnelMachine _machine;
        private readonly SelectionRequest? _request;
        private readonly CancellationTokenSource _stop = new();
        private readonly Lock _gate = new();
        private readonly Task _running;
        private CancellationTokenSource _reconnect = new();
        private bool _finished;

        public Loop(TunnelMachine machine, SelectionRequest? request, long startVersion)
        {
            _machine = machine;
            _request = request;
            StartVersion = startVersion;
            _running = Task.Run(RunAsync);
        }

        public long StartVersion { get; }

        /// <summary>The loop ended by itself (a spending cap with the Disconnect action): a new one must be started.</summary>
        public bool IsCompleted => Volatile.Read(ref _finished) || _running.IsCompleted;

        private MachineDependencies Deps => _machine._deps;

        public async Task RequestReconnectAsync()
        {
            CancellationTokenSource reconnect;
            lock (_gate)
            {
                reconnect = _reconnect;
            }

            try
            {
                await reconnect.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The loop replaced it meanwhile: the new session has just started, nothing to leave.
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _running.ConfigureAwait(false);
            _stop.Dispose();
        }

        private async Task RunAsync()
        {
            CancellationToken stop = _stop.Token;
            var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            int failures = 0;
            int attempt = 0;
            while (!stop.IsCancellationRequested)
            {
                bool crashed = false;
                try
                {
                    attempt++;
                    (bool keepGoing, bool connected) = await RunOnceAsync(attempt, excluded, failures, stop).ConfigureAwait(false);
                    if (!keepGoing)
                    {
                        return;
                    }

                    if (connected)
                    {
                        failures = 0;
                        attempt = 0;
                    }
                    else
                    {
                        failures++;
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // the loop must survive its own bugs: the user asked to be secured
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Log.LoopFailed(Deps.Logger, e);
                    failures++;
                    crashed = true;
                }

                if (crashed)
                {
                    try
                    {
                        await DelayAsync(_machine.Backoff(failures), stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }

            if (_machine.Target == TargetState.Unsecured)
            {
                _machine.SetState(new Disconnected(_machine.LockedDown));
            }
        }

        /// <summary>One attempt: select, connect, stay connected until the session ends. Returns whether to go on,
        /// and whether a connection was made (which resets the backoff).</summary>
        private async Task<(bool KeepGoing, bool Connected)> RunOnceAsync(int attempt, HashSet<string> excluded, int failures, CancellationToken stop)
        {
            long started = Deps.Time.GetTimestamp();
            using System.Diagnostics.Activity? activity = DvpnClientTelemetry.Source.StartActivity("dvpn.connect");
            activity?.SetTag("dvpn.attempt", attempt);
            if (!await GuardAsync(null, failures, stop).ConfigureAwait(false))
            {
                return (true, false);
            }

            _machine.SetState(new Connecting(null, attempt, ConnectPhase.Selecting));
            ProviderListing? listing;
            try
            {
                listing = await Deps.Select(_request, excluded, stop).ConfigureAwait(false);
            }
            catch (DvpnClientException e) when (!stop.IsCancellationRequested)
            {
                await BlockAsync(e.Cause, e.Message, failures + 1, stop).ConfigureAwait(false);
                return (true, false);
            }

            if (listing is null)
            {
                string detail = excluded.Count == 0
                    ? "no listed provider passes the selection constraints, or none answered a probe"
                    : $"every eligible provider failed this round ({excluded.Count} tried)";
                excluded.Clear();
                await BlockAsync(ErrorCause.NoProviderAvailable, detail, failures + 1, stop).ConfigureAwait(false);
                return (true, false);
            }

            var provider = new ProviderRef(EthAddress.Parse(listing.Address).ToString(), listing.Region, listing.PricePerGiB);
            activity?.SetTag("dvpn.provider", provider.Address);
            if (!await GuardAsync(listing, failures, stop).ConfigureAwait(false))
            {
                return (true, false);
            }

            _machine.SetState(new Connecting(provider, attempt, ConnectPhase.Opening));
            IActiveSession session;
            try
            {
                session = await Deps.Sessions.ConnectAsync(listing, phase => _machine.SetState(new Connecting(provider, attempt, phase)), stop).ConfigureAwait(false);
            }
            catch (SessionSetupException e) when (!stop.IsCancellationRequested && e.IsAccountProblem)
            {
                await BlockAsync(ErrorCause.InsufficientFunds, e.Message, failures + 1, stop).ConfigureAwait(false);
                return (true, false);
            }
            catch (SessionSetupException e) when (!stop.IsCancellationRequested)
            {
                MarkFailed(provider.Address, e.Reason, e.Message);
                excluded.Add(provider.Address);
                await DelayAsync(_machine.Backoff(failures + 1), stop).ConfigureAwait(false);
                return (true, false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is not OperationCanceledException)
            {
                // Not the provider's fault: the tunnel could not be built here (permissions, backend, routes).
                await BlockAsync(ErrorCause.TunnelSetupFailed, $"the tunnel could not be set up: {e.Message}", failures + 1, stop).ConfigureAwait(false);
                return (true, false);
            }

            lock (_machine._gate)
            {
                _machine._session = session;
            }

            excluded.Clear(); // a round ends with a connection: earlier failures get another chance next time
            try
            {
                _machine.SetState(new Connected(provider, session.Since, session.Info));
                DvpnClientTelemetry.Connects.Add(1);
                DvpnClientTelemetry.ConnectDuration.Record(Deps.Time.GetElapsedTime(started).TotalSeconds);
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Ok);
                activity?.Stop();
                CancellationToken reconnect;
                lock (_gate)
                {
                    if (_reconnect.IsCancellationRequested)
                    {
                        _reconnect.Dispose();
                        _reconnect = new CancellationTokenSource();
                    }

                    reconnect = _reconnect.Token;
                }

                SessionEnd end = await session.WaitEndAsync(stop, reconnect).ConfigureAwait(false);
                Log.SessionEnded(Deps.Logger, provider.Address, end.Detail);
                return await OnSessionEndAsync(session, provider, end, excluded, stop).ConfigureAwait(false);
            }
            finally
            {
                lock (_machine._gate)
                {
                    _machine._session = null;
                }

                await session.DisposeAsync().ConfigureAwait(false);
                await ReblockAsync().ConfigureAwait(false);
            }
        }

        private async Task<(bool KeepGoing, bool Connected)> OnSessionEndAsync(IActiveSession session, ProviderRef provider, SessionEnd end,
            HashSet<string> excluded, CancellationToken stop)
        {
            switch (end.Kind)
            {
                case SessionEndKind.Stopped:
                    _machine.SetState(new Disconnecting(AfterDisconnect.Nothing));
                    await session.TearDownAsync(clean: true, end.Detail).ConfigureAwait(false);
                    return (false, true);

                case SessionEndKind.ReconnectRequested:
                    _machine.SetState(new Disconnecting(AfterDisconnect.Reconnect));
                    await session.TearDownAsync(clean: true, end.Detail).ConfigureAwait(false);
                    if (_request?.Provider is null)
                    {
                        excluded.Add(provider.Address); // another provider, unless the user pinned this one
                    }

                    return (true, true);

                case SessionEndKind.CapReached:
                    if (end.Payment is PaymentEnd.CapReached cap)
                    {
                        _machine.Publish(new SpendLimitReached(cap.Cap, cap.Spent, cap.Limit));
                    }

                    if (Deps.Policy().Action == SpendCapAction.Disconnect)
                    {
                        _machine.SetState(new Disconnecting(AfterDisconnect.Nothing));
                        await session.TearDownAsync(clean: true, end.Detail).ConfigureAwait(false);
                        stop.ThrowIfCancellationRequested(); // a user command took over meanwhile: its target stands
                        Volatile.Write(ref _finished, true); // before anyone can see the state: a Connect now starts anew
                        _machine.SetTarget(TargetState.Unsecured);
                        await Deps.TrafficGuard.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                        _machine.SetState(new Disconnected(_machine.LockedDown));
                        return (false, true);
                    }

                    _machine.SetState(new Disconnecting(AfterDisconnect.Block));
                    await session.TearDownAsync(clean: true, end.Detail).ConfigureAwait(false);
                    await ReblockAsync().ConfigureAwait(false);
                    Task policyChanged = PolicyChanged(); // taken before the state shows: a change right after it counts
                    _machine.SetState(new ErrorState(ErrorCause.SpendLimitReached, Blocking: true, end.Detail));
                    await policyChanged.WaitAsync(stop).ConfigureAwait(false);
                    return (true, true);

                case SessionEndKind.AccountProblem:
                    _machine.SetState(new Disconnecting(AfterDisconnect.Block));
                    await session.TearDownAsync(clean: true, end.Detail).ConfigureAwait(false);
                    await ReblockAsync().ConfigureAwait(false);
                    await BlockAsync(ErrorCause.InsufficientFunds, end.Detail, 4, stop).ConfigureAwait(false);
                    return (true, true);

                default:
                    bool gone = end.Failure == ProviderFailureReason.StoppedAnswering;
                    if (end.Failure is { } failure)
                    {
                        MarkFailed(provider.Address, failure, end.Detail);
                        excluded.Add(provider.Address);
                    }

                    _machine.SetState(new Disconnecting(AfterDisconnect.Reconnect));
                    await session.TearDownAsync(clean: !gone, end.Detail).ConfigureAwait(false);
                    if (end.Failure is null && Deps.Time.GetUtcNow() - session.Since < MinHealthySession)
                    {
                        // Ended "normally" but at once (a provider that closes every session right after the first
                        // prepaid ticket): not a healthy connection, so no reset of the backoff and no instant retry.
                        excluded.Add(provider.Address);
                        await DelayAsync(_machine.Backoff(1), stop).ConfigureAwait(false);
                        return (true, false);
                    }

                    return (true, true);
            }
        }

        /// <summary>Blocks everything outside a tunnel but the chain and <paramref name="provider"/>'s session endpoint
        /// (null: every listed provider's, for the probes). False when the kill switch could not be installed: the
        /// attempt stops there (an error state, then a retry after backoff), never going on unprotected.</summary>
        private async Task<bool> GuardAsync(ProviderListing? provider, int failures, CancellationToken stop)
        {
            try
            {
                await Deps.TrafficGuard.BlockAsync(provider, stop).ConfigureAwait(false);
                return true;
            }
            catch (FirewallException e)
            {
                await BlockAsync(ErrorCause.TunnelSetupFailed, $"the kill switch could not be installed: {e.Message}", failures + 1, stop).ConfigureAwait(false);
                return false;
            }
        }

        /// <summary>After a session, while the target is still secured: back to blocking, so the old provider's endpoint
        /// and the gone tunnel are no longer allowed while the loop decides what comes next.</summary>
        private async Task ReblockAsync()
        {
            if (_machine.Target == TargetState.Unsecured)
            {
                return; // an explicit disconnect (or the cap's Disconnect action) releases instead
            }

            try
            {
                await Deps.TrafficGuard.BlockAsync(null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (FirewallException e)
            {
                // The session's rules stay in force: still closed to everything but that provider and the tunnel.
                Log.GuardFailed(Deps.Logger, e.Message);
            }
        }

        private async Task BlockAsync(ErrorCause cause, string detail, int failures, CancellationToken stop)
        {
            TimeSpan delay = _machine.Backoff(failures);
            _machine.SetState(new ErrorState(cause, Blocking: true, detail));
            if (cause == ErrorCause.NoProviderAvailable)
            {
                Log.NoProvider(Deps.Logger, detail, delay);
            }
            else
            {
                Log.ConnectBlocked(Deps.Logger, detail, delay);
            }

            await DelayAsync(delay, stop).ConfigureAwait(false);
        }

        private void MarkFailed(string address, ProviderFailureReason reason, string detail)
        {
            DateTimeOffset now = Deps.Time.GetUtcNow();
            TimeSpan penalty = reason == ProviderFailureReason.OverClaimed ? Deps.Selection.OverClaimPenalty : Deps.Selection.FailurePenalty;
            DateTimeOffset until = now + penalty;
            Deps.Store.MarkProvider(new ProviderMark(address, reason, detail, now, until));
            Log.ProviderFailed(Deps.Logger, address, reason.ToString(), detail, until);
            DvpnClientTelemetry.ProviderFailures.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
            _machine.Publish(new ProviderFailed(address, reason, detail, until));
        }

        private Task PolicyChanged()
        {
            lock (_machine._gate)
            {
                return _machine._policyChanged.Task;
            }
        }

        private async Task DelayAsync(TimeSpan delay, CancellationToken stop) =>
            await Task.Delay(delay, Deps.Time, stop).ConfigureAwait(false);
    }
}
