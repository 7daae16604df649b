namespace Dvpn.Client.Firewall.Windows;

/// <summary>Why a filter is in the plan (diagnostics, display names and tests).</summary>
internal enum WfpFilterKind
{
    /// <summary>Loopback traffic (<c>FWP_CONDITION_FLAG_IS_LOOPBACK</c>).</summary>
    Loopback,

    /// <summary>DHCPv4 (68 -&gt; 67) and DHCPv6 (546 -&gt; 547 between link-local addresses).</summary>
    Dhcp,

    /// <summary>IPv6 neighbour discovery: router and neighbour solicitations/advertisements, and the MLD reports that
    /// keep NDP's multicast delivered by snooping switches.</summary>
    Ndp,

    /// <summary>The provider's WireGuard endpoint (UDP, both ways).</summary>
    WireGuardEndpoint,

    /// <summary>A provider session-opening or chain JSON-RPC endpoint (TCP, outgoing).</summary>
    TcpEndpoint,

    /// <summary>DNS to an assigned server through the tunnel.</summary>
    DnsPermit,

    /// <summary>Every other DNS (port 53/853, TCP and UDP).</summary>
    DnsBlock,

    /// <summary>Everything through the tunnel interface.</summary>
    Tunnel,

    /// <summary>The local networks of <see cref="LanRanges"/> when allowed.</summary>
    Lan,

    /// <summary>The catch-all block at the lowest weight.</summary>
    BlockAll,
}
