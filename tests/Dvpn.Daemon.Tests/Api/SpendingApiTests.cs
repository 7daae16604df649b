using Dvpn.Daemon.Tests.Support;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>SpendingService on the real daemon.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class SpendingApiTests(DaemonLabFixture fixture)
{
    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task SetSpendPolicy_IsReadBack_ByGetSpendPolicy_AndTheSummary()
    {
        V1.SpendPolicy original = await Control.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest());
        var policy = new V1.SpendPolicy
        {
            PerSession = "1000000000000000000",
            PerDay = "5000000000000000000",
            PerMonth = "",
            MaxPricePerGib = "20000000000000000",
            Action = V1.SpendCapAction.Block,
            WarnAt = 0.5,
        };
        try
        {
            V1.SpendPolicy set = await Control.Spending.SetSpendPolicyAsync(policy);
            Assert.Equal(policy, set);
            Assert.Equal(policy, await Control.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest()));

            V1.SpendSummary summary = await Control.Spending.GetSpendSummaryAsync(new V1.GetSpendSummaryRequest());
            Assert.Equal(policy, summary.Policy);
            Assert.Empty(summary.Reached);
            Assert.True(System.Numerics.BigInteger.Parse(summary.AllTime, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        }
        finally
        {
            await Control.Spending.SetSpendPolicyAsync(original);
        }

        Assert.Equal(original, await Control.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest()));
    }
}
