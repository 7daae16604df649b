using System.Globalization;
using Dvpn.Chain.Lottery;
using Dvpn.Protocol.V1;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Metrics;
using Dvpn.WireGuard;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// One metering pass over the open sessions (docs/protocol.md §3.5): feed each its peer's counters, then decide who
/// must end — unpaid use over the credit limit for longer than the pause grace, expiry, idleness, or an account that
/// is no longer safe to serve — and who must be paused (over the credit limit) or resumed (paid back under it).
/// Decides only; <see cref="MeteringService"/> carries the decisions out.
/// </summary>
internal sealed class SessionMeter
{
    private readonly SessionManager _sessions;
    private readonly AccountCache _accounts;
    private readonly PaymentSettings _settings;
    private readonly TimeSpan _idleTimeout;
    private readonly ProviderMetrics _metrics;

    public SessionMeter(SessionManager sessions, AccountCache accounts, PaymentSettings settings, TimeSpan idleTimeout, ProviderMetrics metrics)
    {
        _sessions = sessions;
        _accounts = accounts;
        _settings = settings;
        _idleTimeout = idleTimeout;
        _metrics = metrics;
    }

    /// <summary>
    /// Applies <paramref name="counters"/> (every peer's, read at once) at <paramref name="now"/>; returns the sessions
    /// to end, with why, and those to pause or resume. A session whose peer is missing from the counters is not metered this time.
    /// </summary>
    public MeterPass Apply(IReadOnlyDictionary<PublicKey, PeerCounters> counters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var endings = new List<SessionEnding>();
        var pauses = new List<Session>();
        var resumes = new List<Session>();
        var accountsInUse = new HashSet<AccountKey>();
        ulong metered = 0;
        foreach (Session session in _sessions.Snapshot())
        {
            accountsInUse.Add(session.Account);
            if (counters.TryGetValue(session.WireGuardKey, out PeerCounters peer))
            {
                metered += session.RecordCounters(peer, now);
            }

            if (session.CheckEnd(now, _idleTimeout, _settings.UnpaidPauseGrace) is { } reason)
            {
                endings.Add(new SessionEnding(session, reason, DetailOf(reason, session)));
            }
            else if (_accounts.GetCached(session.Account) is { } account && !IsSafe(account, session))
            {
                endings.Add(new SessionEnding(session, CutOffReason.AccountUnsafe,
                    "the lottery account no longer covers the session (withdrawal announced or balance below the minimum)"));
            }
            else
            {
                switch (session.CheckForwarding(now))
                {
                    case ForwardingChange.Pause:
                        pauses.Add(session);
                        break;
                    case ForwardingChange.Resume:
                        resumes.Add(session);
                        break;
                }
            }
        }

        _accounts.Retain(accountsInUse);
        _metrics.BytesMetered(metered);
        return new MeterPass(pauses, resumes, endings);
    }

    /// <summary>
    /// Safe while a withdrawal cannot happen before the session's tickets can be claimed, and the balance and escrow
    /// stay at the minimums a session opens with.
    /// </summary>
    private bool IsSafe(LotteryAccount account, Session session) =>
        account.IsSafeUntil(session.ExpiresAt + _settings.MinTicketLifetime)
        && account.Balance >= _settings.MinBalance
        && account.Escrow >= _settings.MinEscrow;

    private string DetailOf(CutOffReason reason, Session session) => reason switch
    {
        CutOffReason.CreditExceeded => string.Create(CultureInfo.InvariantCulture,
            $"unpaid use stayed over the credit limit for {_settings.UnpaidPauseGrace}, paused and unpaid"),
        CutOffReason.SessionExpired => string.Create(CultureInfo.InvariantCulture, $"the session expired at {session.ExpiresAt:O}"),
        CutOffReason.Idle => "no traffic and no handshake for the idle timeout",
        _ => reason.ToString(),
    };
}
