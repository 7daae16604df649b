using Dvpn.Provider.Claims;
using Dvpn.Provider.DataPlane;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// Everything the provider is configured with: configuration section <c>Provider</c>, from appsettings.json, the
/// environment (<c>DVPN_PROVIDER__Chain__ChainId=...</c>) and the command line (<c>--Provider:Chain:ChainId=...</c>),
/// later sources winning. Validated at start by <see cref="ProviderOptionsValidator"/>.
/// </summary>
internal sealed class ProviderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Provider";

    /// <summary>
    /// Where the provider keeps its state: <c>tls.pfx</c>, <c>wireguard.key</c>, <c>provider.db</c>. Created 0700.
    /// Default <c>/var/lib/dvpn-provider</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "/var/lib/dvpn-provider";

    /// <summary>The chain and contracts (<c>Provider:Chain</c>).</summary>
    public ChainOptions Chain { get; set; } = new();

    /// <summary>The provider's key (<c>Provider:Keystore</c>).</summary>
    public KeystoreOptions Keystore { get; set; } = new();

    /// <summary>The public session endpoint (<c>Provider:Public</c>).</summary>
    public PublicOptions Public { get; set; } = new();

    /// <summary>What clients are told about the WireGuard endpoint (<c>Provider:WireGuard</c>).</summary>
    public WireGuardEndpointOptions WireGuard { get; set; } = new();

    /// <summary>The data plane (<c>Provider:Tunnel</c>).</summary>
    public TunnelOptions Tunnel { get; set; } = new();

    /// <summary>The Directory listing (<c>Provider:Listing</c>).</summary>
    public ListingOptions Listing { get; set; } = new();

    /// <summary>Payment terms and session rules (<c>Provider:Payment</c>).</summary>
    public PaymentOptions Payment { get; set; } = new();

    /// <summary>The claim queue (<c>Provider:Claims</c>); validated by the claim worker's own <see cref="ClaimOptionsValidator"/>.</summary>
    public ClaimOptions Claims { get; set; } = new();

    /// <summary>Traffic metering (<c>Provider:Metering</c>).</summary>
    public MeteringOptions Metering { get; set; } = new();

    /// <summary>Abuse limits (<c>Provider:Limits</c>).</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>The metrics endpoint (<c>Provider:Metrics</c>).</summary>
    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>Deliberate misbehaviour for client tests (<c>Provider:Testing</c>); all off by default.</summary>
    public TestingOptions Testing { get; set; } = new();
}
