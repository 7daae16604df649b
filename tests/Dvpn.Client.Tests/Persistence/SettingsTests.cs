using System.Numerics;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;
using Dvpn.Client.State;

namespace Dvpn.Client.Tests.Persistence;

public sealed class SettingsTests : IDisposable
{
    private readonly LedgerFixture _ledger = new();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    public void Target_OnAFreshLedger_IsUnsecured()
    {
        Assert.Equal(TargetState.Unsecured, _ledger.Open().GetTarget());
    }

    [Theory]
    [InlineData(TargetState.Secured)]
    [InlineData(TargetState.Unsecured)]
    public void Target_RoundTripsAcrossReopen(TargetState target)
    {
        using (ClientStore store = ClientStore.Open(_ledger.DbPath, _ledger.Time))
        {
            store.SetTarget(TargetState.Secured);
            store.SetTarget(target);
        }

        Assert.Equal(target, _ledger.Open().GetTarget());
    }

    [Fact]
    public void SetTarget_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ledger.Open().SetTarget((TargetState)99));
    }

    [Fact]
    public void Policy_OnAFreshLedger_IsNull()
    {
        Assert.Null(_ledger.Open().GetPolicy());
    }

    [Fact]
    public void Policy_RoundTripsAcrossReopenExactly()
    {
        var policy = new SpendPolicy(
            PerSession: BigInteger.Pow(10, 40) + 1, PerDay: null, PerMonth: 0,
            MaxPricePerGiB: (BigInteger.One << 256) - 1, SpendCapAction.Block, WarnAt: 0.1 + 0.2);
        using (ClientStore store = ClientStore.Open(_ledger.DbPath, _ledger.Time))
        {
            store.SetPolicy(LedgerFixture.Policy(perDay: 5));
            store.SetPolicy(policy);
        }

        Assert.Equal(policy, _ledger.Open().GetPolicy());
    }

    [Fact]
    public void SetPolicy_InvalidPolicy_ThrowsAndKeepsTheLastOne()
    {
        ClientStore store = _ledger.Open();
        SpendPolicy valid = LedgerFixture.Policy(perDay: 5);
        store.SetPolicy(valid);

        Assert.Throws<ArgumentException>(() => store.SetPolicy(LedgerFixture.Policy(perMonth: -1)));
        Assert.Throws<ArgumentException>(() => store.SetPolicy(LedgerFixture.Policy(warnAt: 1.5)));

        Assert.Equal(valid, store.GetPolicy());
    }
}
