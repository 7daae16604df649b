namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// The filter weights inside our sublayer, highest first: the first filter that matches decides. The order is the
/// nftables ruleset's (see the README): loopback, link services, endpoints (a WireGuard endpoint on udp/53 carries
/// ciphertext, not DNS), DNS to the assigned servers, every other DNS blocked, then the tunnel and the LAN, and
/// a block of everything last.
/// </summary>
internal static class WfpWeights
{
    /// <summary>Loopback, before everything (a local DNS stub keeps working).</summary>
    public const byte Loopback = 15;

    /// <summary>DHCP and NDP.</summary>
    public const byte LinkServices = 14;

    /// <summary>WireGuard, provider and chain endpoints.</summary>
    public const byte Endpoints = 13;

    /// <summary>DNS to the assigned servers through the tunnel.</summary>
    public const byte DnsPermit = 12;

    /// <summary>Every other DNS: above the tunnel and LAN permits, so neither can carry a leaking query.</summary>
    public const byte DnsBlock = 11;

    /// <summary>The tunnel interface.</summary>
    public const byte Tunnel = 10;

    /// <summary>LAN ranges when allowed.</summary>
    public const byte Lan = 9;

    /// <summary>The catch-all block.</summary>
    public const byte BlockAll = 0;
}
