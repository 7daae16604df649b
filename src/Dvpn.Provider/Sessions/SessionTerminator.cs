using Dvpn.Protocol.V1;
using Dvpn.Provider.Hosting;
using Dvpn.Provider.Metrics;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// Ends sessions (docs/protocol.md §3.5): once per session, whoever asks first. The peer leaves the device before its
/// addresses go back to the pool, so an address is never routed to two keys; the payment call gets a CutOff.
/// </summary>
internal sealed partial class SessionTerminator
{
    private readonly SessionManager _sessions;
    private readonly ProviderContext _context;
    private readonly ProviderMetrics _metrics;
    private readonly ILogger<SessionTerminator> _logger;

    public SessionTerminator(SessionManager sessions, ProviderContext context, ProviderMetrics metrics, ILogger<SessionTerminator> logger)
    {
        _sessions = sessions;
        _context = context;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Ends <paramref name="session"/> for <paramref name="reason"/>; false when it had already ended.</summary>
    public async Task<bool> EndAsync(Session session, CutOffReason reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!session.TryEnd(reason, detail))
        {
            return false;
        }

        _sessions.Remove(session);
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

    /// <summary>Ends every open session (the provider is stopping).</summary>
    public async Task EndAllAsync(CutOffReason reason, string detail)
    {
        foreach (Session session in _sessions.Snapshot())
        {
            await EndAsync(session, reason, detail).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Session {SessionId} ended: {Reason} ({Detail})")]
    private static partial void LogEnded(ILogger logger, SessionId sessionId, CutOffReason reason, string detail);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Session {SessionId}: removing its WireGuard peer failed: {Reason}")]
    private static partial void LogRemovePeerFailed(ILogger logger, SessionId sessionId, string reason);
}
