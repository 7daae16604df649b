using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dvpn.Client.Telemetry;

/// <summary>
/// The names under which the client publishes OpenTelemetry-compatible metrics (<see cref="Meter"/>) and traces
/// (<see cref="ActivitySource"/>): add them to your OpenTelemetry setup (<c>AddMeter(MeterName)</c>,
/// <c>AddSource(ActivitySourceName)</c>).
/// </summary>
public static class DvpnClientTelemetry
{
    /// <summary>The meter: <c>dvpn.client.connects</c>, <c>dvpn.client.connect.duration</c> (seconds) and
    /// <c>dvpn.client.provider.failures</c> (tag <c>reason</c>). Per-session figures are in
    /// <see cref="DvpnClient.CurrentSession"/>.</summary>
    public const string MeterName = "Dvpn.Client";

    /// <summary>The activity source: one <c>dvpn.connect</c> activity per connection attempt.</summary>
    public const string ActivitySourceName = "Dvpn.Client";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(DvpnClientTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(MeterName, typeof(DvpnClientTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Connects = Meter.CreateCounter<long>("dvpn.client.connects", description: "Sessions that reached Connected.");

    internal static readonly Histogram<double> ConnectDuration = Meter.CreateHistogram<double>("dvpn.client.connect.duration", "s",
        "From the start of a connection attempt (selection) to Connected.");

    internal static readonly Counter<long> ProviderFailures = Meter.CreateCounter<long>("dvpn.client.provider.failures",
        description: "Providers given up on, by reason.");
}
