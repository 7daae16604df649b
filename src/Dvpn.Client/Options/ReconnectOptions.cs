namespace Dvpn.Client.Options;

/// <summary>How the client keeps the user connected when a provider fails.</summary>
public sealed class ReconnectOptions
{
    /// <summary>Delay before the first retry after a failure. Default 500 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of the retry delay, which doubles per consecutive failure (with jitter). Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A connected session whose last WireGuard handshake is older than this is treated as dead (WireGuard rekeys
    /// every 2 minutes under traffic and persistent keepalive keeps an idle one alive). Default 180 s.
    /// </summary>
    public TimeSpan HandshakeStaleAfter { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Whether <see cref="DvpnClient.StartAsync"/> returns to a persisted secured target (the user last asked to be
    /// connected, then the process stopped or crashed) by connecting at once. False drops such a target to unsecured
    /// (persisted) without connecting: for hosts where the user turned "connect at start" off. Default true.
    /// </summary>
    public bool ResumeTargetOnStart { get; set; } = true;

    /// <summary>How often a connected session's counters and liveness are read. Default 1 s.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromSeconds(1);
}
