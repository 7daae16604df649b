using Dvpn.Protocol.V1;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Sessions;
using Dvpn.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Provider.Tests.Sessions;

/// <summary>
/// Metering and the end rules (docs/protocol.md §3.3-3.5) on real sessions: the kit's price is one token unit per
/// byte, so the credit limit is exactly <see cref="SessionKit.CreditLimitBytes"/> units.
/// </summary>
public sealed class SessionMeteringTests : IDisposable
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private readonly SessionKit _kit = new();

    [Fact]
    public void CheckEnd_UnpaidEqualToCreditLimit_DoesNotCutOff()
    {
        using Session session = _kit.OpenSession();

        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes / 2, SessionKit.CreditLimitBytes / 2, null), _kit.Time.GetUtcNow());

        Assert.Equal(session.Ledger.CreditLimit, session.Ledger.Unpaid);
        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
    }

    [Fact]
    public void CheckForwarding_UnpaidEqualToCreditLimit_DoesNotPause()
    {
        using Session session = _kit.OpenSession();

        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes, 0, null), _kit.Time.GetUtcNow());

        Assert.Equal(ForwardingChange.None, session.CheckForwarding(_kit.Time.GetUtcNow()));
    }

    [Fact]
    public void CheckEnd_UnpaidOneUnitOverCreditLimit_PausesInsteadOfEnding()
    {
        using Session session = _kit.OpenSession();

        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + 1, 0, null), _kit.Time.GetUtcNow());

        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
        Assert.Equal(ForwardingChange.Pause, session.CheckForwarding(_kit.Time.GetUtcNow()));
    }

    [Fact]
    public void CheckEnd_OverTheLimitForTheWholeGrace_EndsForCredit()
    {
        using Session session = _kit.OpenSession();
        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + 1, 0, null), _kit.Time.GetUtcNow());
        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));

        _kit.Time.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));

        _kit.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CutOffReason.CreditExceeded, session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
    }

    [Fact]
    public void CheckEnd_PaidBackUnderTheLimitDuringTheGrace_StartsANewGraceWhenOverAgain()
    {
        using Session session = _kit.OpenSession();
        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + 1, 0, null), _kit.Time.GetUtcNow());
        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
        _kit.Time.Advance(Grace - TimeSpan.FromSeconds(1));

        lock (session.Sync)
        {
            session.Ledger.Credit(1_000);
        }

        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
        Assert.Null(session.OverLimitSince);
        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + 1_001, 0, null), _kit.Time.GetUtcNow());
        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
        _kit.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
        _kit.Time.Advance(Grace);
        Assert.Equal(CutOffReason.CreditExceeded, session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
    }

    [Fact]
    public void CheckForwarding_PausedAndPaidBackUnderTheLimit_Resumes()
    {
        using Session session = _kit.OpenSession();
        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + 10, 0, null), _kit.Time.GetUtcNow());
        session.IsPaused = true;
        Assert.Equal(ForwardingChange.None, session.CheckForwarding(_kit.Time.GetUtcNow()));

        lock (session.Sync)
        {
            session.Ledger.Credit(10);
        }

        Assert.Equal(ForwardingChange.Resume, session.CheckForwarding(_kit.Time.GetUtcNow()));
    }

    [Fact]
    public void CheckForwarding_CreditRaisesThePausePointByExactlyTheCreditedValue()
    {
        using Session session = _kit.OpenSession();
        lock (session.Sync)
        {
            session.Ledger.Credit(5_000);
        }

        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + 5_000, 0, null), _kit.Time.GetUtcNow());
        Assert.Equal(ForwardingChange.None, session.CheckForwarding(_kit.Time.GetUtcNow()));

        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + 5_001, 0, null), _kit.Time.GetUtcNow());
        Assert.Equal(ForwardingChange.Pause, session.CheckForwarding(_kit.Time.GetUtcNow()));
    }

    [Fact]
    public void RecordCounters_ReturnsBytesSinceLastReadAndNeverGoesBack()
    {
        using Session session = _kit.OpenSession();

        Assert.Equal(300UL, session.RecordCounters(new PeerCounters(100, 200, null), _kit.Time.GetUtcNow()));
        Assert.Equal(50UL, session.RecordCounters(new PeerCounters(150, 200, null), _kit.Time.GetUtcNow()));
        Assert.Equal(0UL, session.RecordCounters(new PeerCounters(10, 10, null), _kit.Time.GetUtcNow()));
        Assert.Equal(350UL, session.Ledger.MeteredBytes);
    }

    [Fact]
    public void CheckEnd_AtExpiry_EndsAsExpiredNotBefore()
    {
        using Session session = _kit.OpenSession();
        var traffic = 0UL;
        while (_kit.Time.GetUtcNow() + TimeSpan.FromMinutes(1) < session.ExpiresAt)
        {
            _kit.Time.Advance(TimeSpan.FromMinutes(1));
            session.RecordCounters(new PeerCounters(++traffic, 0, null), _kit.Time.GetUtcNow()); // not idle
        }

        _kit.Time.SetUtcNow(session.ExpiresAt - TimeSpan.FromSeconds(1));
        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));

        _kit.Time.SetUtcNow(session.ExpiresAt);
        Assert.Equal(CutOffReason.SessionExpired, session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
    }

    [Fact]
    public void CheckEnd_NoTrafficNoHandshakeForIdleTimeout_EndsAsIdle()
    {
        using Session session = _kit.OpenSession();

        _kit.Time.Advance(IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));

        _kit.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CutOffReason.Idle, session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
    }

    [Fact]
    public void CheckEnd_RecentHandshakeWithoutTraffic_IsNotIdle()
    {
        using Session session = _kit.OpenSession();
        _kit.Time.Advance(IdleTimeout);

        session.RecordCounters(new PeerCounters(0, 0, _kit.Time.GetUtcNow() - TimeSpan.FromSeconds(10)), _kit.Time.GetUtcNow());

        Assert.Null(session.CheckEnd(_kit.Time.GetUtcNow(), IdleTimeout, Grace));
    }

    [Fact]
    public void Apply_MetersEachSessionByItsKeyAndPausesOnlyTheOneOverTheLimit()
    {
        var manager = new SessionManager(10);
        using Session paying = _kit.OpenSession();
        using Session overdrawn = _kit.OpenSession();
        using Session unseen = _kit.OpenSession();
        manager.TryAdd(paying);
        manager.TryAdd(overdrawn);
        manager.TryAdd(unseen);
        SessionMeter meter = Meter(manager);
        var counters = new Dictionary<PublicKey, PeerCounters>
        {
            [paying.WireGuardKey] = new(SessionKit.CreditLimitBytes, 0, _kit.Time.GetUtcNow()),
            [overdrawn.WireGuardKey] = new(SessionKit.CreditLimitBytes, 1, _kit.Time.GetUtcNow()),
        };

        MeterPass pass = meter.Apply(counters, _kit.Time.GetUtcNow());

        Assert.Same(overdrawn, Assert.Single(pass.Pauses));
        Assert.Empty(pass.Endings);
        Assert.Empty(pass.Resumes);
        Assert.Equal(SessionKit.CreditLimitBytes, paying.Ledger.MeteredBytes);
        Assert.Equal(0UL, unseen.Ledger.MeteredBytes);
    }

    [Fact]
    public void Apply_OverTheLimitForTheGrace_EndsForCreditInsteadOfPausing()
    {
        var manager = new SessionManager(10);
        using Session overdrawn = _kit.OpenSession();
        manager.TryAdd(overdrawn);
        SessionMeter meter = Meter(manager);
        var counters = new Dictionary<PublicKey, PeerCounters> { [overdrawn.WireGuardKey] = new(SessionKit.CreditLimitBytes + 1, 0, _kit.Time.GetUtcNow()) };
        Assert.Single(meter.Apply(counters, _kit.Time.GetUtcNow()).Pauses);
        overdrawn.IsPaused = true; // as the pauser leaves it

        _kit.Time.Advance(_kit.Settings.UnpaidPauseGrace);
        MeterPass pass = meter.Apply(counters, _kit.Time.GetUtcNow());

        SessionEnding ending = Assert.Single(pass.Endings);
        Assert.Same(overdrawn, ending.Session);
        Assert.Equal(CutOffReason.CreditExceeded, ending.Reason);
        Assert.Empty(pass.Pauses);
    }

    [Fact]
    public void Apply_PausedSessionPaidBack_IsResumed()
    {
        var manager = new SessionManager(10);
        using Session session = _kit.OpenSession();
        manager.TryAdd(session);
        SessionMeter meter = Meter(manager);
        var counters = new Dictionary<PublicKey, PeerCounters> { [session.WireGuardKey] = new(SessionKit.CreditLimitBytes + 100, 0, _kit.Time.GetUtcNow()) };
        meter.Apply(counters, _kit.Time.GetUtcNow());
        session.IsPaused = true;
        lock (session.Sync)
        {
            session.Ledger.Credit(100);
        }

        MeterPass pass = meter.Apply(counters, _kit.Time.GetUtcNow());

        Assert.Same(session, Assert.Single(pass.Resumes));
        Assert.Empty(pass.Pauses);
        Assert.Empty(pass.Endings);
    }

    [Fact]
    public void Apply_SessionWithoutCountersForIdleTimeout_EndsAsIdle()
    {
        var manager = new SessionManager(10);
        using Session session = _kit.OpenSession();
        manager.TryAdd(session);
        SessionMeter meter = Meter(manager);
        _kit.Time.Advance(IdleTimeout);

        SessionEnding ending = Assert.Single(meter.Apply(new Dictionary<PublicKey, PeerCounters>(), _kit.Time.GetUtcNow()).Endings);

        Assert.Equal(CutOffReason.Idle, ending.Reason);
    }

    public void Dispose() => _kit.Dispose();

    private SessionMeter Meter(SessionManager manager)
    {
        // No account is ever cached here (nothing calls GetAsync), so the fetch is never used.
        var accounts = new AccountCache((_, _) => throw new InvalidOperationException("not read in this test"), TimeSpan.FromSeconds(15),
            _kit.Time, NullLogger<AccountCache>.Instance);
        return new SessionMeter(manager, accounts, _kit.Settings, IdleTimeout, _kit.Metrics);
    }
}
