namespace Dvpn.Provider.Hosting;

/// <summary>The public session endpoint: gRPC over TLS, HTTP/2 only (configuration section <c>Provider:Public</c>).</summary>
internal sealed class PublicOptions
{
    /// <summary>Where the endpoint listens, <c>ip:port</c>. Default <c>0.0.0.0:8443</c>.</summary>
    public string Listen { get; set; } = "0.0.0.0:8443";

    /// <summary>
    /// The advertised absolute https URL clients connect to (published in the Directory), e.g.
    /// <c>https://vpn.example.net:8443</c>. Required when <see cref="ListingOptions.Register"/> is true.
    /// </summary>
    public string? Endpoint { get; set; }
}
