using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Providers;

namespace Dvpn.Cli.Demo;

/// <summary>What one provider says about itself, from its Prometheus <c>/metrics</c> (read inside its namespace).</summary>
[SupportedOSPlatform("linux")]
internal sealed record ProviderFigures(
    double BytesMetered,
    double TicketsReceived,
    double TicketsAccepted,
    double TicketsRejected,
    BigInteger ValueCredited,
    double TicketsWon,
    double TicketsClaimed,
    double TicketsExpired,
    double ClaimsLanded)
{
    // The exporter's names for the provider's meters (dvpn.provider.*): dots become underscores, counters end in
    // _total, and a unit of bytes adds _bytes.
    private const string BytesMeteredMetric = "dvpn_provider_bytes_metered_bytes_total";
    private const string TicketsWonMetric = "dvpn_provider_tickets_won_total";
    private const string TicketsClaimedMetric = "dvpn_provider_tickets_claimed_total";
    private const string TicketsExpiredMetric = "dvpn_provider_tickets_expired_total";
    private const string ClaimsLandedMetric = "dvpn_provider_claims_landed_total";

    /// <summary>Winners neither paid nor expired yet.</summary>
    public double WinnersPending => Math.Max(0, TicketsWon - TicketsClaimed - TicketsExpired);

    public static async Task<ProviderFigures> ReadAsync(DemoProvider provider, CancellationToken cancellationToken)
    {
        PrometheusText m = await provider.Lab.ScrapeAsync(cancellationToken);
        return new ProviderFigures(
            m.Sum(BytesMeteredMetric),
            m.Sum(LabProvider.TicketsReceived),
            m.Sum(LabProvider.TicketsAccepted),
            m.Sum(LabProvider.TicketsRejected),
            // A double of wei: exact to 15-16 digits, which is all the summary shows.
            new BigInteger(m.Sum(LabProvider.ValueCredited)),
            m.Sum(TicketsWonMetric),
            m.Sum(TicketsClaimedMetric),
            m.Sum(TicketsExpiredMetric),
            m.Sum(ClaimsLandedMetric));
    }
}
