using Dvpn.Protocol.V1;
using Dvpn.Provider.Hosting;
using Dvpn.Provider.Metrics;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// Ends sessions (docs/protocol.md §3.3-3.4): once per session, whoever asks first. Forwarding for the session's
/// addresses stops at once; the payment call gets its CutOff and ends (waited for, briefly, as it rides the tunnel),
/// then the peer leaves the device, then the cut is forgotten and the addresses go back to the pool, so an address is
/// never routed to two keys.
/// </summary>
internal sealed partial class SessionTerminator
{
    private readonly SessionManager _sessions;
    private readonly ProviderContext _context;
    private readonly ProviderMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SessionTerminator> _logger;

    /// <summary>The longest a session's end waits for its payment call to send the CutOff and finish.</summary>
    public static readonly TimeSpan StreamDrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the peer stays after the call finished: Kestrel reports the response written, not delivered, and the
    /// last frames (or their retransmissions) still need the tunnel. Forwarding is already cut meanwhile.
    /// </summary>
    public static readonly TimeSpan DeliveryGrace = TimeSpan.FromSeconds(1);

    public SessionTerminator(SessionManager sessions, ProviderContext context, ProviderMetrics metrics, TimeProvider timeProvider,
        ILogger<SessionTerminator> logger)
    {
        _timeProvider = timeProvider;
        _sessions = sessions;
        _context = context;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Ends <paramref name="session"/> for <paramref name="reason"/>; false when it had already ended.</summary>
    public async Task<bool> EndAsync(Session session, CutOffReason reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!session.TryBeginEnd(reason, out PaymentStream? stream))
        {
            return false;
        }

        _sessions.Remove(session);

        // Held to the end: a pause or resume waiting for it finds the session ended and leaves its forwarding alone.
        await session.ForwardingGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await EndForwardingAsync(session, reason, detail, stream).ConfigureAwait(false);
        }
        finally
        {
            session.ForwardingGate.Release();
        }

        _metrics.SessionEnded(reason);
        LogEnded(_logger, session.Id, reason, detail);
        session.Dispose();
        return true;
    }

    /// <summary>Closes the registry to new sessions and ends every open one (the provider is stopping).</summary>
    public async Task EndAllAsync(CutOffReason reason, string detail)
    {
        // Together: each may wait for its payment call to drain.
        await Task.WhenAll(_sessions.Close().Select(session => EndAsync(session, reason, detail))).ConfigureAwait(false);
    }

    /// <summary>Under the session's forwarding gate: cut, deliver the CutOff, remove the peer, forget the cut, free the addresses.</summary>
    private async Task EndForwardingAsync(Session session, CutOffReason reason, string detail, PaymentStream? stream)
    {
        // No more service from here on: forwarding stops at once, whatever happens to the payment call. A paused
        // session is already cut, so its cut is forgotten below even if cutting again fails.
        bool cut = session.IsPaused;
        try
        {
            await _context.Tunnel.CutAsync(session.Addresses, CancellationToken.None).ConfigureAwait(false);
            cut = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCutFailed(_logger, session.Id, e.Message);
        }

        // Only now does the client hear of the end: whatever it tries after the CutOff is already refused.
        stream?.Complete(new CutOff { Reason = reason, Detail = detail });
        if (stream is not null)
        {
            // The CutOff and the end of the call travel through the tunnel (to the gateway, which the cut does not
            // touch): let them out before the peer goes. Without a cut, the client's traffic would still pass
            // meanwhile, so then the peer goes as soon as the call is written.
            await stream.Finished.WaitAsync(StreamDrainTimeout, _timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cut)
            {
                await Task.Delay(DeliveryGrace, _timeProvider).ConfigureAwait(false);
            }
        }

        try
        {
            // Not cancellable: a half-removed peer would keep an address routed to a key nobody pays for.
            await _context.Tunnel.RemovePeerAsync(session.WireGuardKey, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRemovePeerFailed(_logger, session.Id, e.Message);
        }

        bool reusable = true;
        if (cut)
        {
            try
            {
                // Before the addresses are reused, or the next session there would be cut from the start.
                await _context.Tunnel.UncutAsync(session.Addresses, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Keep the addresses out of the pool rather than hand a cut address to a paying session.
                LogCutFailed(_logger, session.Id, e.Message);
                reusable = false;
            }
        }

        if (reusable)
        {
            _context.Pool.Release(session.Addresses);
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Session {SessionId} ended: {Reason} ({Detail})")]
    private static partial void LogEnded(ILogger logger, SessionId sessionId, CutOffReason reason, string detail);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Session {SessionId}: cutting or restoring its forwarding failed: {Reason}")]
    private static partial void LogCutFailed(ILogger logger, SessionId sessionId, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Session {SessionId}: removing its WireGuard peer failed: {Reason}")]
    private static partial void LogRemovePeerFailed(ILogger logger, SessionId sessionId, string reason);
}
