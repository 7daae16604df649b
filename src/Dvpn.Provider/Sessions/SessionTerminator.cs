using Dvpn.Protocol.V1;
using Dvpn.Provider.Hosting;
using Dvpn.Provider.Metrics;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// Ends sessions (docs/protocol.md §3.3-3.4): once per session, whoever asks first. The payment call gets its CutOff and
/// ends (waited for, briefly, as it rides the tunnel), then the peer leaves the device, then its addresses go back to
/// the pool, so an address is never routed to two keys.
/// </summary>
internal sealed partial class SessionTerminator
{
    private readonly SessionManager _sessions;
    private readonly ProviderContext _context;
    private readonly ProviderMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SessionTerminator> _logger;

    /// <summary>The longest a session's end waits for its payment call to send the CutOff and finish.</summary>
    public static readonly TimeSpan StreamDrainTimeout = TimeSpan.FromSeconds(2);

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
        if (!session.TryEnd(reason, detail, out PaymentStream? stream))
        {
            return false;
        }

        _sessions.Remove(session);
        if (stream is not null)
        {
            // The CutOff and the end of the call travel through the tunnel: let them out before the peer goes, but
            // not for long, as the client keeps the tunnel meanwhile.
            await stream.Finished.WaitAsync(StreamDrainTimeout, _timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

        _context.Pool.Release(session.Addresses);
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

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Session {SessionId} ended: {Reason} ({Detail})")]
    private static partial void LogEnded(ILogger logger, SessionId sessionId, CutOffReason reason, string detail);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Session {SessionId}: removing its WireGuard peer failed: {Reason}")]
    private static partial void LogRemovePeerFailed(ILogger logger, SessionId sessionId, string reason);
}
