using System.Globalization;
using Dvpn.Provider.Metrics;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// Pauses a session whose unpaid use is over the credit limit and resumes it once payments bring it back under
/// (docs/protocol.md §3.3, "Credit limit"). A pause is the tunnel's cut: forwarding stops both ways while the peer and
/// the payment call stay, so the client can still pay; the end after <c>Payment:UnpaidPauseGrace</c> is the meter's.
/// Every change runs under the session's <see cref="Session.ForwardingGate"/> and re-checks the ledger there, so
/// concurrent callers (the meter, a ticket arriving, the session's end) cannot undo each other. Thread-safe.
/// </summary>
internal sealed partial class SessionPauser
{
    private readonly ISessionForwarding _forwarding;
    private readonly ProviderMetrics _metrics;
    private readonly PaymentSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SessionPauser> _logger;

    public SessionPauser(ISessionForwarding forwarding, ProviderMetrics metrics, PaymentSettings settings, TimeProvider timeProvider,
        ILogger<SessionPauser> logger)
    {
        _forwarding = forwarding;
        _metrics = metrics;
        _settings = settings;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Pauses <paramref name="session"/> if it is open, not paused and over its credit limit; true when it did.</summary>
    public Task<bool> PauseIfOverLimitAsync(Session session) => ChangeAsync(session, ForwardingChange.Pause);

    /// <summary>Resumes <paramref name="session"/> if it is open, paused and back under its credit limit; true when it did.</summary>
    public Task<bool> ResumeIfPaidAsync(Session session) => ChangeAsync(session, ForwardingChange.Resume);

    private async Task<bool> ChangeAsync(Session session, ForwardingChange change)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.IsEnded)
        {
            return false;
        }

        await session.ForwardingGate.WaitAsync().ConfigureAwait(false);
        try
        {
            // The end takes the gate after marking the session ended: past this check no end has cut it yet. A pause
            // is marked before the cut, with the ledger's lock, so a ticket credited meanwhile sees it and resumes it.
            DateTimeOffset now = _timeProvider.GetUtcNow();
            bool go = !session.IsEnded && (change == ForwardingChange.Pause
                ? session.TryMarkPaused(now)
                : session.CheckForwarding(now) == ForwardingChange.Resume);
            if (!go)
            {
                return false;
            }

            string unpaid;
            lock (session.Sync)
            {
                unpaid = session.Ledger.Unpaid.ToString(CultureInfo.InvariantCulture);
            }

            try
            {
                if (change == ForwardingChange.Pause)
                {
                    await _forwarding.CutAsync(session, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _forwarding.UncutAsync(session, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Unchanged: the next metering pass tries again, and the grace still ends a session that never pays.
                session.IsPaused = change == ForwardingChange.Resume;
                LogChangeFailed(_logger, session.Id, change, e.Message);
                return false;
            }

            session.IsPaused = change == ForwardingChange.Pause;
            if (change == ForwardingChange.Pause)
            {
                _metrics.SessionPaused();
                LogPaused(_logger, session.Id, unpaid, _settings.UnpaidPauseGrace);
            }
            else
            {
                _metrics.SessionResumed();
                LogResumed(_logger, session.Id, unpaid);
            }

            return true;
        }
        finally
        {
            session.ForwardingGate.Release();
        }
    }

    [LoggerMessage(EventId = 2211, Level = LogLevel.Information,
        Message = "Session {SessionId} paused: unpaid use {Unpaid} is over the credit limit; it ends unless paid within {Grace}")]
    private static partial void LogPaused(ILogger logger, SessionId sessionId, string unpaid, TimeSpan grace);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Information, Message = "Session {SessionId} resumed: paid back under the credit limit (unpaid {Unpaid})")]
    private static partial void LogResumed(ILogger logger, SessionId sessionId, string unpaid);

    [LoggerMessage(EventId = 2213, Level = LogLevel.Error, Message = "Session {SessionId}: {Change} of its forwarding failed: {Reason}")]
    private static partial void LogChangeFailed(ILogger logger, SessionId sessionId, ForwardingChange change, string reason);
}
