using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;
using Dvpn.Client.Tests.Persistence;

namespace Dvpn.Client.Tests.Spending;

public sealed class SpendingControlTests : IDisposable
{
    private readonly LedgerFixture _ledger = new();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    public void Policy_WithNothingPersisted_IsTheConfiguredOne()
    {
        SpendPolicy configured = LedgerFixture.Policy(perDay: 10);

        var control = new SpendingControl(_ledger.Open(), configured, () => null);

        Assert.Equal(configured, control.Policy);
    }

    [Fact]
    public void SetPolicy_TellsTheClientSoABlockedConnectionTriesAgain()
    {
        var control = new SpendingControl(_ledger.Open(), LedgerFixture.Policy(perDay: 10), () => null);
        int changes = 0;
        control.PolicyChanged += () => changes++;

        control.SetPolicy(LedgerFixture.Policy(perDay: 20));

        Assert.Equal(1, changes);
    }

    [Fact]
    public void SetPolicy_IsPersistedAndWinsOverTheConfiguredOneAfterARestart()
    {
        SpendPolicy configured = LedgerFixture.Policy(perDay: 10);
        SpendPolicy chosen = LedgerFixture.Policy(perMonth: 99, warnAt: 0.5);
        using (ClientStore store = ClientStore.Open(_ledger.DbPath, _ledger.Time))
        {
            new SpendingControl(store, configured, () => null).SetPolicy(chosen);
        }

        var restarted = new SpendingControl(_ledger.Open(), configured, () => null);

        Assert.Equal(chosen, restarted.Policy);
    }

    [Fact]
    public void SetPolicy_Invalid_ThrowsAndKeepsThePolicyInForce()
    {
        SpendPolicy configured = LedgerFixture.Policy(perDay: 10);
        var control = new SpendingControl(_ledger.Open(), configured, () => null);

        Assert.Throws<ArgumentException>(() => control.SetPolicy(LedgerFixture.Policy(perSession: -5)));

        Assert.Equal(configured, control.Policy);
    }

    [Fact]
    public void GetSummary_ReportsTheLedgerForTheCurrentSessionWithThePolicyInForce()
    {
        ClientStore store = _ledger.Open();
        string? current = null;
        SpendPolicy configured = LedgerFixture.Policy(perDay: 100);
        var control = new SpendingControl(store, configured, () => current);
        TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(4, session: "aa"), configured));
        TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(6, session: "bb"), configured));

        Assert.Equal(new SpendSummary(0, 10, 10, 10, 2, configured), control.GetSummary());
        current = "bb";
        Assert.Equal(6, control.GetSummary().CurrentSession);
    }
}
