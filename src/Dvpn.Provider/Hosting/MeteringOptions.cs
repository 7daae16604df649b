namespace Dvpn.Provider.Hosting;

/// <summary>Traffic metering (configuration section <c>Provider:Metering</c>).</summary>
internal sealed class MeteringOptions
{
    /// <summary>How often the device's per-peer counters are read. Default 1 second.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A session with no handshake and no traffic for this long ends. Default 3 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
