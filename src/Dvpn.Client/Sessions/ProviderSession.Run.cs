using System.Numerics;
using Dvpn.Client.Events;
using Dvpn.Client.Payments;
using Dvpn.Client.Stats;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Dvpn.WireGuard.Devices;

namespace Dvpn.Client.Sessions;

internal sealed partial class ProviderSession
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>Live figures.</summary>
    public SessionStats Stats
    {
        get
        {
            PaymentCounters? counters = _payment?.Counters;
            TimeSpan? handshakeAge = _meter.LastHandshake is { } at ? _env.Time.GetUtcNow() - at : null;
            return new SessionStats(Info.SessionId, Provider, Since, _meter.Sent, _meter.Received, _meter.SendRate, _meter.ReceiveRate,
                PaymentMath.Owed(_meter.Total, Granted.Terms.PricePerGiB), counters?.TicketsSent ?? 0, counters?.ExpectedValueSent ?? BigInteger.Zero,
                counters?.Credited ?? BigInteger.Zero, handshakeAge);
        }
    }

    /// <summary>The payment stream's figures (for the overhead measurement).</summary>
    public PaymentCounters? PaymentCounters => _payment?.Counters;

    /// <summary>
    /// Watches the session until it ends: the payment stream ending (cut-off, over-claim, cap, silence, failure), the
    /// WireGuard handshake going stale, the session expiring, or <paramref name="stop"/>/<paramref name="reconnect"/>.
    /// </summary>
    public async Task<SessionEnd> WaitEndAsync(CancellationToken stop, CancellationToken reconnect)
    {
        Task<PaymentEnd> payment = _payment!.Completion;
        DateTimeOffset lastProgress = _env.Time.GetUtcNow();
        while (true)
        {
            if (stop.IsCancellationRequested)
            {
                return new SessionEnd(SessionEndKind.Stopped, "disconnected by the user");
            }

            if (reconnect.IsCancellationRequested)
            {
                return new SessionEnd(SessionEndKind.ReconnectRequested, "reconnect requested");
            }

            if (payment.IsCompleted)
            {
                return FromPayment(await payment.ConfigureAwait(false));
            }

            SessionEnd? watched = await CheckTunnelAsync().ConfigureAwait(false);
            if (watched is not null)
            {
                return watched;
            }

            DateTimeOffset now = _env.Time.GetUtcNow();
            if (now - lastProgress >= ProgressInterval)
            {
                lastProgress = now;
                _env.Store.RecordSessionProgress(Info.SessionId, _meter.Sent, _meter.Received);
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop, reconnect);
            try
            {
                await Task.WhenAny(payment, Task.Delay(_env.Options.Reconnect.MonitorInterval, _env.Time, wake.Token)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Woken by stop or reconnect: the loop reports which.
            }
        }
    }

    private async Task<SessionEnd?> CheckTunnelAsync()
    {
        try
        {
            DeviceState state = await _device!.GetStateAsync(_stop.Token).ConfigureAwait(false);
            if (state.Peers.Count != 1)
            {
                return new SessionEnd(SessionEndKind.ProviderEnded, "the tunnel's provider peer disappeared", ProviderFailureReason.StoppedAnswering);
            }

            PeerState peer = state.Peers[0];
            _meter.Update(peer.TransmittedBytes, peer.ReceivedBytes, peer.LastHandshake);
            if (peer.LastHandshake is { } at && _env.Time.GetUtcNow() - at > _env.Options.Reconnect.HandshakeStaleAfter)
            {
                return new SessionEnd(SessionEndKind.ProviderEnded, $"no WireGuard handshake for {(_env.Time.GetUtcNow() - at).TotalSeconds:0} s",
                    ProviderFailureReason.StoppedAnswering);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new SessionEnd(SessionEndKind.ProviderEnded, $"the tunnel interface cannot be read: {e.Message}", ProviderFailureReason.StoppedAnswering);
        }

        if (_env.Time.GetUtcNow() >= Granted.ExpiresAt)
        {
            return new SessionEnd(SessionEndKind.ProviderEnded, "the session expired");
        }

        return null;
    }

    private static SessionEnd FromPayment(PaymentEnd end) => end switch
    {
        PaymentEnd.ProviderCutOff cut when cut.Reason is CutOffReason.SessionExpired or CutOffReason.Closed =>
            new SessionEnd(SessionEndKind.ProviderEnded, $"the provider ended the session ({cut.Reason}: {cut.Detail})", Payment: end),
        PaymentEnd.ProviderCutOff cut when cut.Reason is CutOffReason.AccountUnsafe =>
            new SessionEnd(SessionEndKind.AccountProblem, $"the provider cut the session: the lottery account is not safe to serve ({cut.Detail})", Payment: end),
        PaymentEnd.ProviderCutOff cut =>
            new SessionEnd(SessionEndKind.ProviderEnded, $"the provider cut the session ({cut.Reason}: {cut.Detail})", ProviderFailureReason.EndedSession, end),
        PaymentEnd.OverClaim o => new SessionEnd(SessionEndKind.ProviderEnded, o.Detail, ProviderFailureReason.OverClaimed, end),
        PaymentEnd.CapReached c => new SessionEnd(SessionEndKind.CapReached, $"the {c.Cap.ToString().ToLowerInvariant()} spending cap of {c.Limit} is reached", Payment: end),
        PaymentEnd.ProviderSilent s => new SessionEnd(SessionEndKind.ProviderEnded, $"no invoice for {s.Silence.TotalSeconds:0} s", ProviderFailureReason.StoppedAnswering, end),
        PaymentEnd.ProtocolViolation v => new SessionEnd(SessionEndKind.ProviderEnded, v.Detail, ProviderFailureReason.ProtocolViolation, end),
        PaymentEnd.Failed f when f.Error is DvpnClientException { Cause: State.ErrorCause.InsufficientFunds } =>
            new SessionEnd(SessionEndKind.AccountProblem, f.Error.Message, Payment: end),
        PaymentEnd.Failed f when f.Error is Persistence.ClientStoreException or Microsoft.Data.Sqlite.SqliteException =>
            new SessionEnd(SessionEndKind.ProviderEnded, $"the local ledger failed, so no ticket could be paid: {f.Error.Message}", Payment: end),
        PaymentEnd.Failed f => new SessionEnd(SessionEndKind.ProviderEnded, $"the payment stream failed: {f.Error.Message}", ProviderFailureReason.StoppedAnswering, end),
        _ => new SessionEnd(SessionEndKind.ProviderEnded, "the payment stream was closed", ProviderFailureReason.StoppedAnswering, end),
    };

    private async Task<ulong> ReadOwnBytesAsync(CancellationToken cancellationToken)
    {
        DeviceState state = await _device!.GetStateAsync(cancellationToken).ConfigureAwait(false);
        if (state.Peers.Count == 1)
        {
            PeerState peer = state.Peers[0];
            _meter.Update(peer.TransmittedBytes, peer.ReceivedBytes, peer.LastHandshake);
        }

        return _meter.Total;
    }

    /// <summary>
    /// Ends the session: a clean close stops paying, tells the provider (signed CloseSession) and takes the tunnel
    /// down; an unclean one (the provider is gone) skips the call. Records the end in the history. Idempotent.
    /// </summary>
    public async Task TearDownAsync(bool clean, string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_payment is not null)
            {
                await _payment.DisposeAsync().ConfigureAwait(false);
            }

            if (clean && _granted is not null)
            {
                try
                {
                    using var deadline = new CancellationTokenSource(_env.Options.Tunnel.CallTimeout);
                    await SessionOpener.CloseAsync(_env, Listing, _granted.SessionId, deadline.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // best effort: the provider ends an abandoned session by itself (idle, expiry)
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Log.CloseFailed(_logger, Provider.Address, e.Message);
                }
            }

            if (_device is not null)
            {
                try
                {
                    await ReadOwnBytesAsync(CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // the last reading is a nicety; the tunnel goes down regardless
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
        finally
        {
            // Whatever failed above, the tunnel goes down and the history gets the end.
            try
            {
                await _env.Tunnel.TeardownAsync(_device).ConfigureAwait(false);
                _device = null;
            }
            finally
            {
                if (_granted is not null && Info is not null)
                {
                    _env.Store.RecordSessionEnd(Info.SessionId, _env.Time.GetUtcNow(), reason, _meter.Sent, _meter.Received);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await TearDownAsync(clean: false, "disposed").ConfigureAwait(false);
        _stop.Dispose();
        _key.Dispose();
    }
}
