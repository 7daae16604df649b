using System.Numerics;
using Dvpn.Client.Events;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;

namespace Dvpn.Client.Tests.Persistence;

public sealed class AuthorizeTicketTests : IDisposable
{
    private readonly LedgerFixture _ledger = new();
    private readonly ClientStore _store;

    public AuthorizeTicketTests() => _store = _ledger.Open();

    public void Dispose() => _ledger.Dispose();

    public static TheoryData<SpendCap> AllCaps => [SpendCap.Session, SpendCap.Day, SpendCap.Month];

    private static SpendPolicy CapOnly(SpendCap cap, BigInteger limit) => cap switch
    {
        SpendCap.Session => LedgerFixture.Policy(perSession: limit),
        SpendCap.Day => LedgerFixture.Policy(perDay: limit),
        _ => LedgerFixture.Policy(perMonth: limit),
    };

    [Theory]
    [MemberData(nameof(AllCaps))]
    public void Authorize_TicketLandingExactlyOnTheCap_IsAuthorized(SpendCap cap)
    {
        SpendPolicy policy = CapOnly(cap, 100);
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(60), policy));

        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(40), policy));

        Assert.Equal(100, _store.GetSpendSummary(policy, LedgerFixture.Session).AllTime);
    }

    [Theory]
    [MemberData(nameof(AllCaps))]
    public void Authorize_TicketOneUnitPastTheCap_IsRefusedAndNothingIsRecorded(SpendCap cap)
    {
        SpendPolicy policy = CapOnly(cap, 100);
        ulong nonce = TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(60), policy)).Nonce;
        _ledger.Time.Advance(TimeSpan.FromSeconds(1)); // a later ticket would get a higher nonce floor

        SpendDecision.CapReached refused = TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(41), policy));

        Assert.Equal(new SpendDecision.CapReached(cap, 60, 100), refused);
        Assert.Equal(nonce, _store.GetLastNonce(LedgerFixture.Signer));
        SpendSummary summary = _store.GetSpendSummary(policy, LedgerFixture.Session);
        Assert.Equal((BigInteger)60, summary.AllTime);
        Assert.Equal(1, summary.TicketsSigned);
    }

    [Theory]
    [MemberData(nameof(AllCaps))]
    public void Authorize_AfterARefusal_ASmallerTicketThatFitsIsStillAuthorized(SpendCap cap)
    {
        SpendPolicy policy = CapOnly(cap, 100);
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(90), policy));
        TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(11), policy));

        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(10), policy));
    }

    [Fact]
    public void Authorize_ZeroCap_RefusesAnyPositiveTicket()
    {
        SpendDecision.CapReached refused = TestDecisions.Refused(
            _store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.Policy(perDay: 0)));

        Assert.Equal(new SpendDecision.CapReached(SpendCap.Day, 0, 0), refused);
    }

    [Fact]
    public void Authorize_NoCaps_AuthorizesAnyAmountUpToUint256()
    {
        BigInteger max = (BigInteger.One << 256) - 1;

        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(max) with { FaceValue = max }, LedgerFixture.NoCaps));
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(max) with { FaceValue = max }, LedgerFixture.NoCaps));

        // Totals stay exact past 2^256: two maximal tickets.
        Assert.Equal(max * 2, _store.GetSpendSummary(LedgerFixture.NoCaps, null).AllTime);
    }

    [Fact]
    public void Authorize_HugeCapsBeyondLongRange_AreComparedExactly()
    {
        BigInteger cap = BigInteger.Pow(10, 30) + 7;
        SpendPolicy policy = LedgerFixture.Policy(perMonth: cap);
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(cap - 1), policy));

        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(1), policy));
        SpendDecision.CapReached refused = TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(1), policy));

        Assert.Equal(cap, refused.Spent);
    }

    [Fact]
    public void Authorize_SeveralCapsPassed_ReportsTheSessionCapFirstThenTheDayThenTheMonth()
    {
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(50), LedgerFixture.NoCaps));

        Assert.Equal(SpendCap.Session, TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(1),
            LedgerFixture.Policy(perSession: 50, perDay: 50, perMonth: 50))).Cap);
        Assert.Equal(SpendCap.Day, TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(1),
            LedgerFixture.Policy(perSession: 51, perDay: 50, perMonth: 50))).Cap);
        Assert.Equal(SpendCap.Month, TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(1),
            LedgerFixture.Policy(perSession: 51, perDay: 51, perMonth: 50))).Cap);
    }

    [Fact]
    public void Authorize_SessionCap_CountsOnlyTheTicketsOfThatSession()
    {
        SpendPolicy policy = LedgerFixture.Policy(perSession: 100);
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(100, session: "aa"), policy));

        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(100, session: "bb"), policy));
        TestDecisions.Refused(_store.AuthorizeTicket(LedgerFixture.Spend(1, session: "AA"), policy)); // ids are hex: case-insensitive
    }

    [Fact]
    public void Authorize_TicketCrossingTheWarningShare_CarriesOneWarningPerCapCrossed()
    {
        SpendPolicy policy = LedgerFixture.Policy(perSession: 100, perDay: 1000, perMonth: 100, warnAt: 0.8);
        Assert.Empty(TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(79), policy)).Warnings);

        SpendDecision.Authorized crossing = TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(1), policy));

        Assert.Equal([new SpendWarning(SpendCap.Session, 80, 100), new SpendWarning(SpendCap.Month, 80, 100)], crossing.Warnings);
    }

    [Fact]
    public void Authorize_AfterTheWarningShareWasPassed_RaisesNoFurtherWarning()
    {
        SpendPolicy policy = LedgerFixture.Policy(perDay: 100, warnAt: 0.5);
        Assert.Single(TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(60), policy)).Warnings);

        Assert.Empty(TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(10), policy)).Warnings);
        Assert.Empty(TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(30), policy)).Warnings);
    }

    [Fact]
    public void Authorize_WarnAtOne_WarnsOnTheTicketThatLandsOnTheCap()
    {
        SpendPolicy policy = LedgerFixture.Policy(perDay: 100, warnAt: 1.0);
        Assert.Empty(TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(99), policy)).Warnings);

        Assert.Equal([new SpendWarning(SpendCap.Day, 100, 100)],
            TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(1), policy)).Warnings);
    }

    [Fact]
    public void Authorize_ZeroValueTicket_IsAuthorizedAtAZeroCapAndCounted()
    {
        SpendPolicy policy = LedgerFixture.Policy(perSession: 0);

        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(0), policy));

        Assert.Equal(1, _store.GetSpendSummary(policy, null).TicketsSigned);
    }

    [Fact]
    public void Authorize_MalformedSpend_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => _store.AuthorizeTicket(LedgerFixture.Spend(-1), LedgerFixture.NoCaps));
        Assert.Throws<ArgumentException>(() => _store.AuthorizeTicket(LedgerFixture.Spend(1) with { FaceValue = BigInteger.One << 256 }, LedgerFixture.NoCaps));
        Assert.Throws<ArgumentException>(() => _store.AuthorizeTicket(LedgerFixture.Spend(1, session: ""), LedgerFixture.NoCaps));
        Assert.Throws<ArgumentException>(() => _store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.Policy(perDay: -1)));
        Assert.Throws<ArgumentException>(() => _store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.Policy(warnAt: 0)));
        Assert.Equal(0, _store.GetSpendSummary(LedgerFixture.NoCaps, null).TicketsSigned);
    }
}
