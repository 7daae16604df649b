namespace Dvpn.Provider.Hosting;

/// <summary>Abuse limits (configuration section <c>Provider:Limits</c>).</summary>
internal sealed class LimitsOptions
{
    /// <summary>OpenSession calls allowed per source address (IPv6: per /64) per minute, sustained. Default 30.</summary>
    public int OpenPerMinutePerAddress { get; set; } = 30;

    /// <summary>OpenSession calls a source address may make at once before the rate applies. Default 10.</summary>
    public int OpenBurst { get; set; } = 10;

    /// <summary>Sessions open at once. Default 1000.</summary>
    public int MaxSessions { get; set; } = 1000;
}
