using System.Net;
using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Testing;
using Dvpn.Devnet.Providers;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// The provider's Meter, as an operator's Prometheus sees it at <c>/metrics</c>: a provider of its own, so every count
/// is exactly what the test did.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class MetricsTests(ProviderLab lab)
{
    // The Meter's instruments (src/Dvpn.Provider/Metrics/ProviderMetrics.cs) as the Prometheus exporter names them:
    // dots become underscores, the unit "By" becomes a _bytes suffix (annotations like {ticket} add none), and
    // counters end in _total. Dashboards depend on these names.
    private const string SessionsOpened = "dvpn_provider_sessions_opened_total";
    private const string SessionsActive = "dvpn_provider_sessions_active";
    private const string SessionsEnded = "dvpn_provider_sessions_ended_total";
    private const string BytesMetered = "dvpn_provider_bytes_metered_bytes_total";
    private const string TicketsReceived = "dvpn_provider_tickets_received_total";
    private const string TicketsAccepted = "dvpn_provider_tickets_accepted_total";
    private const string TicketsRejected = "dvpn_provider_tickets_rejected_total";
    private const string ValueCredited = "dvpn_provider_value_credited_total";

    private const int PaidTickets = 3;
    private static readonly IPAddress SiteAddress = IPAddress.Parse("10.99.0.8");

    /// <summary>Inside the provider's namespace only: metrics are for the operator, not for the wan.</summary>
    private static readonly IPEndPoint MetricsEndPoint = new(IPAddress.Loopback, 9464);
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan InvoiceTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Metrics_AreServedForPrometheus_AndCountWhatHappened()
    {
        ProviderSite site = await lab.Topology.AddSiteAsync("metrics", SiteAddress);
        using var identity = ProviderIdentity.Create(ProviderLab.MetricsProviderAccount);
        await lab.StakeAsync(identity.Address, ProviderLab.MinStake);
        ProviderSettings settings = lab.Settings(site, identity, "10.83.0.0/24")
            .Set("Metrics:Listen", MetricsEndPoint.ToString());
        await using ProviderProcess provider = await ProviderProcess.StartAsync(site, settings);
        using ClientAccount account = await lab.NewFundedAccountAsync();

        PrometheusText fresh = await PrometheusText.ScrapeAsync(site.Host, MetricsEndPoint);
        Assert.Equal(0, fresh.Sum(SessionsOpened));

        // One session, a few paid tickets and one replayed, then a close.
        await using ClientSession session = await lab.Client.ConnectAsync(account, identity.Address);
        await using PaymentStream payment = await session.StartPaymentAsync(PaymentPolicy.None);
        Ticket first = payment.NewTicketFor(ProviderLab.ValueOf(1024 * 1024));
        var receipts = new List<TicketReceipt> { await payment.PayAsync(first) };
        for (int i = 1; i < PaidTickets; i++)
        {
            receipts.Add(await payment.PayAsync(payment.NewTicketFor(ProviderLab.ValueOf(1024 * 1024))));
        }

        Assert.All(receipts, r => Assert.Equal(TicketVerdict.Accepted, r.Verdict));
        Assert.Equal(TicketVerdict.Replayed, (await payment.PayAsync(first with { Commit = payment.CurrentCommit })).Verdict);
        BigInteger credited = SessionTerms.Amount(receipts[^1].Credited, "credited");
        Invoice metered = await payment.WaitForInvoiceAsync(i => i.MeteredBytes > 0 && SessionTerms.Amount(i.Credited, "credited") == credited,
            InvoiceTimeout);
        await session.CloseAsync();

        // The exporter may serve a cached scrape for a moment: wait for one taken after the close.
        PrometheusText scrape = fresh;
        await Eventually.HoldsAsync(
            async () => (scrape = await PrometheusText.ScrapeAsync(site.Host, MetricsEndPoint)).Sum(SessionsEnded, ("reason", "closed")) >= 1,
            ScrapeTimeout, $"a scrape counting the closed session. Last scrape:\n{scrape.Text}\nProvider output:\n{provider.Output}");

        string all = scrape.Text;
        Assert.Equal(1, scrape.Sum(SessionsOpened));
        Assert.True(scrape.Has(SessionsActive), all);
        Assert.Equal(0, scrape.Sum(SessionsActive));
        Assert.Equal(1, scrape.Sum(SessionsEnded));
        Assert.Equal(PaidTickets + 1, scrape.Sum(TicketsReceived));
        Assert.Equal(PaidTickets, scrape.Sum(TicketsAccepted));
        Assert.Equal(1, scrape.Sum(TicketsRejected, ("verdict", nameof(TicketVerdict.Replayed))));
        Assert.Equal(1, scrape.Sum(TicketsRejected));
        Assert.True(scrape.Sum(BytesMetered) >= metered.MeteredBytes, $"bytes metered below the {metered.MeteredBytes} invoiced:\n{all}");
        double value = scrape.Sum(ValueCredited);
        Assert.True(Math.Abs(value - (double)credited) <= (double)credited * 1e-9, $"value credited {value}, the receipts say {credited}:\n{all}");
    }
}
