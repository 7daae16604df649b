namespace Dvpn.Client.Selection;

/// <summary>Measures how fast a provider's endpoint answers. An interface so that selection can be tested without a network.</summary>
internal interface ILatencyProbe
{
    /// <summary>
    /// The time a TCP connection to <paramref name="endpoint"/>'s host and port takes; null when it is refused, fails
    /// or takes longer than the probe timeout. Throws only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<TimeSpan?> ProbeAsync(Uri endpoint, CancellationToken cancellationToken);
}
