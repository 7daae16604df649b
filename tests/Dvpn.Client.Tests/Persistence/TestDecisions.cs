using Dvpn.Client.Persistence;

namespace Dvpn.Client.Tests.Persistence;

/// <summary>Asserts on <see cref="SpendDecision"/>s.</summary>
internal static class TestDecisions
{
    public static SpendDecision.Authorized Authorized(SpendDecision decision) =>
        Assert.IsType<SpendDecision.Authorized>(decision);

    public static SpendDecision.CapReached Refused(SpendDecision decision) =>
        Assert.IsType<SpendDecision.CapReached>(decision);
}
