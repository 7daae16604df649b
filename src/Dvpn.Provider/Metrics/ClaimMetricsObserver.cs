using Dvpn.Provider.Claims;

namespace Dvpn.Provider.Metrics;

/// <summary>Feeds what the claim worker settles into <see cref="ProviderMetrics"/>.</summary>
internal sealed class ClaimMetricsObserver : IClaimObserver
{
    private readonly ProviderMetrics _metrics;

    public ClaimMetricsObserver(ProviderMetrics metrics) => _metrics = metrics;

    public void ClaimLanded(ClaimOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _metrics.ClaimLanded(outcome.Paid, outcome.GasCost ?? 0);
    }

    public void WinnersExpired(int count) => _metrics.WinnersExpired(count);

    // Paid by a claim that landed before a crash: claimed, at no new gas.
    public void WinnersRecovered(int count) => _metrics.TicketsClaimed(count);
}
