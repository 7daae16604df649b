using System.Net;
using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Chain.Tickets;
using Dvpn.Devnet.Providers;

namespace Dvpn.Devnet.Lab;

/// <summary>
/// A provider of the <see cref="ClientLab"/>: the real dvpn-provider process in a site namespace of its own, staked,
/// registered, NATing to the internet host, with its Prometheus metrics on the site's loopback.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabProvider : IAsyncDisposable
{
    /// <summary>Where every lab provider serves <c>/metrics</c>, inside its own namespace only.</summary>
    public static readonly IPEndPoint MetricsEndPoint = new(IPAddress.Loopback, 9464);

    /// <summary>The provider's counter of tickets received (all verdicts).</summary>
    public const string TicketsReceived = "dvpn_provider_tickets_received_total";

    /// <summary>The provider's counter of tickets accepted.</summary>
    public const string TicketsAccepted = "dvpn_provider_tickets_accepted_total";

    /// <summary>The provider's counter of tickets rejected, labelled <c>verdict</c> (e.g. <c>Replayed</c>).</summary>
    public const string TicketsRejected = "dvpn_provider_tickets_rejected_total";

    /// <summary>The provider's sum of the expected value of the tickets it accepted.</summary>
    public const string ValueCredited = "dvpn_provider_value_credited_total";

    /// <summary>The provider's counter of sessions opened.</summary>
    public const string SessionsOpened = "dvpn_provider_sessions_opened_total";

    internal LabProvider(int index, ProviderIdentity identity, ProviderSite site, ProviderProcess process, LabProviderSpec spec)
    {
        Index = index;
        Identity = identity;
        Site = site;
        Process = process;
        Spec = spec;
    }

    /// <summary>The site number k (wan 10.98.0.(100+k), upstream 198.18.k.0/24).</summary>
    public int Index { get; }

    /// <summary>Its keystore and data directory.</summary>
    public ProviderIdentity Identity { get; }

    /// <summary>Its namespace and addresses.</summary>
    public ProviderSite Site { get; }

    /// <summary>The running process.</summary>
    public ProviderProcess Process { get; }

    /// <summary>How it was listed.</summary>
    public LabProviderSpec Spec { get; }

    /// <summary>Its address (Directory identity, ticket recipient).</summary>
    public EthAddress Address => Identity.Address;

    /// <summary>Its listed price.</summary>
    public BigInteger PricePerGiB => Spec.PricePerGiB;

    /// <summary>Its listed region.</summary>
    public string Region => Spec.Region;

    /// <summary>Everything it printed so far, for failure messages.</summary>
    public string Output => Process.Output;

    /// <summary>Reads its <c>/metrics</c> from inside its namespace.</summary>
    public Task<PrometheusText> ScrapeAsync(CancellationToken cancellationToken = default) =>
        PrometheusText.ScrapeAsync(Site.Host, MetricsEndPoint, cancellationToken);

    /// <summary>
    /// SIGKILL by its PID, then SIGKILL whatever it started in its namespace (its wireguard-go), as systemd does for a
    /// crashed service. Its Directory listing stays: to clients it is a provider that stopped answering.
    /// </summary>
    public Task<int> KillAsync(CancellationToken cancellationToken = default) => Process.KillAsync(cancellationToken);

    /// <summary>Stops it (SIGTERM, then SIGKILL), closes its chain forward and removes its files.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Process.DisposeAsync();
            await Site.DisposeAsync();
        }
        finally
        {
            Identity.Dispose();
        }
    }

    /// <summary>Its address, region, price and site.</summary>
    public override string ToString() => $"provider {Address} ({Region}, {PricePerGiB} per GiB) in {Site}";
}
