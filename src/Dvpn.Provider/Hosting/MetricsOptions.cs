namespace Dvpn.Provider.Hosting;

/// <summary>The metrics endpoint (configuration section <c>Provider:Metrics</c>).</summary>
internal sealed class MetricsOptions
{
    /// <summary>Where Prometheus metrics are served (<c>ip:port</c>, path <c>/metrics</c>, plain HTTP). Default none: no endpoint.</summary>
    public string? Listen { get; set; }
}
