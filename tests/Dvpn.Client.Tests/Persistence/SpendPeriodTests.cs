using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;

namespace Dvpn.Client.Tests.Persistence;

public sealed class SpendPeriodTests : IDisposable
{
    // One millisecond before midnight UTC on the last day of January.
    private static readonly DateTimeOffset EndOfJanuary = new(2025, 1, 31, 23, 59, 59, 999, TimeSpan.Zero);

    private readonly LedgerFixture _ledger = new(EndOfJanuary);
    private readonly ClientStore _store;

    public SpendPeriodTests() => _store = _ledger.Open();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    public void Authorize_AfterUtcMidnight_TheDailyCapStartsAgain()
    {
        SpendPolicy policy = LedgerFixture.Policy(perDay: 100);
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(100), policy));
        TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(1), policy));

        _ledger.Time.Advance(TimeSpan.FromMilliseconds(1));

        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(100), policy));
        SpendSummary summary = _store.GetSpendSummary(policy, LedgerFixture.Session);
        Assert.Equal(100, summary.Today);
        Assert.Equal(100, summary.ThisMonth); // February began at the same instant
        Assert.Equal(200, summary.AllTime);
        Assert.Equal(200, summary.CurrentSession);
    }

    [Fact]
    public void Authorize_NextDayInTheSameMonth_TheMonthlyCapStillCounts()
    {
        _ledger.Time.Advance(TimeSpan.FromDays(1)); // Feb 1, 23:59:59.999
        SpendPolicy policy = LedgerFixture.Policy(perMonth: 150);
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(100), policy));

        _ledger.Time.Advance(TimeSpan.FromMilliseconds(1)); // Feb 2

        SpendDecision.CapReached refused = TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(51), policy));
        Assert.Equal(new SpendDecision.CapReached(Events.SpendCap.Month, 100, 150), refused);
        Assert.Equal(0, _store.GetSpendSummary(policy, null).Today);
    }

    [Fact]
    public void Authorize_AfterTheUtcMonthEnds_TheMonthlyCapStartsAgain()
    {
        SpendPolicy policy = LedgerFixture.Policy(perMonth: 100);
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(100), policy));
        TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(1), policy));

        _ledger.Time.Advance(TimeSpan.FromMilliseconds(1));

        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(100), policy));
    }

    [Fact]
    public void Periods_AreUtcCalendarPeriods_WhateverOffsetTheClockAnswersWith()
    {
        // 2025-02-01T01:00+02:00 is still January 31 in UTC.
        var clock = new ManualClock(new DateTimeOffset(2025, 2, 1, 1, 0, 0, TimeSpan.FromHours(2)));
        using ClientStore store = ClientStore.Open(_ledger.DbPath, clock);
        TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(5), LedgerFixture.NoCaps));

        clock.Now = EndOfJanuary;
        SpendSummary january = store.GetSpendSummary(LedgerFixture.NoCaps, null);
        clock.Now = EndOfJanuary.AddMilliseconds(1);
        SpendSummary february = store.GetSpendSummary(LedgerFixture.NoCaps, null);

        Assert.Equal((5, 5), ((int)january.Today, (int)january.ThisMonth));
        Assert.Equal((0, 0), ((int)february.Today, (int)february.ThisMonth));
    }

    [Fact]
    public void Summary_WithoutSession_ReportsZeroForTheSessionAndEveryTicketOfAllTime()
    {
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(3, session: "aa"), LedgerFixture.NoCaps));
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(4, session: "bb"), LedgerFixture.NoCaps));
        SpendPolicy policy = LedgerFixture.Policy(perDay: 9);

        SpendSummary summary = _store.GetSpendSummary(policy, null);

        Assert.Equal(new SpendSummary(0, 7, 7, 7, 2, policy), summary);
        Assert.Equal(4, _store.GetSpendSummary(policy, "BB").CurrentSession);
        Assert.Equal(0, _store.GetSpendSummary(policy, "cc").CurrentSession);
    }

    [Fact]
    public void Summary_OnAFreshLedger_IsAllZero()
    {
        SpendSummary summary = _store.GetSpendSummary(LedgerFixture.NoCaps, LedgerFixture.Session);

        Assert.Equal(new SpendSummary(0, 0, 0, 0, 0, LedgerFixture.NoCaps), summary);
    }
}
