using System.Net;

namespace Dvpn.Client.Firewall;

/// <summary>
/// What the kill switch lets through, as data: everything not named here is dropped. One policy describes one moment
/// of the tunnel state machine (lockdown while disconnected, connecting to a provider, connected); the applier turns
/// it into one nftables table that replaces the previous one atomically.
/// </summary>
/// <remarks>
/// The record holds values as given; <see cref="NftKillSwitchRuleset"/> validates every one of them (interface name,
/// addresses, ports, mark) before any of them reaches a script. Lists compare by reference (record equality is not
/// used to decide whether to re-apply).
/// </remarks>
internal sealed record FirewallPolicy
{
    /// <summary>The tunnel's interface (e.g. <c>dvpn0</c>); null while no tunnel is up. Traffic leaving through it is
    /// allowed (IPv6 only when <see cref="TunnelIPv6"/>), answers coming in through it are allowed.</summary>
    public string? TunnelInterface { get; init; }

    /// <summary>The current provider's WireGuard endpoints (address and UDP port): the encrypted tunnel packets,
    /// both directions, on any interface. Allowed even when the endpoint is IPv6 and IPv6 is blocked: the outer
    /// packets carry nothing but ciphertext.</summary>
    public IReadOnlyList<IPEndPoint> WireGuardEndpoints { get; init; } = [];

    /// <summary>The TCP endpoints of the session-opening call to the provider being connected to (outside the
    /// tunnel, before it exists).</summary>
    public IReadOnlyList<IPEndPoint> ProviderEndpoints { get; init; } = [];

    /// <summary>The configured chain JSON-RPC endpoints (TCP), reachable outside the tunnel. Matched by destination
    /// only: nftables cannot reliably tell the daemon's packets apart from another process's (issue 8 allows that).</summary>
    public IReadOnlyList<IPEndPoint> ChainEndpoints { get; init; } = [];

    /// <summary>When true, the local networks of <see cref="LanRanges"/> are reachable both ways (outgoing and
    /// incoming), except for DNS, which stays pinned to the tunnel's servers.</summary>
    public bool AllowLan { get; init; }

    /// <summary>The DNS servers the provider assigned. Port 53/853 (UDP and TCP) is allowed only to these and only
    /// through <see cref="TunnelInterface"/>; every other DNS packet is dropped and counted. Needs a tunnel.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>True when the provider offers IPv6 and it goes through the tunnel; false blocks IPv6 everywhere
    /// except NDP, DHCPv6 and link-local needs (and LAN when <see cref="AllowLan"/>), so it can never leak.</summary>
    public bool TunnelIPv6 { get; init; }

    /// <summary>The firewall mark (SO_MARK) the WireGuard backend puts on its own encrypted packets; those may leave
    /// whatever their destination (the endpoint may change by roaming). Null when the backend sets none; 0 is
    /// not a mark.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>
    /// DHCP (v4 client 68 -&gt; server 67, and DHCPv6 546 -&gt; 547 between link-local addresses) and NDP (router
    /// solicitation/advertisement, neighbour solicitation/advertisement, hop limit 255, plus the MLD reports that keep NDP's multicast
    /// delivered) are always allowed: without
    /// them the machine loses its address or its neighbours while blocked, and none of them carries user data.
    /// </summary>
    public bool AllowsDhcpAndNdp => true;

    /// <summary>The lockdown policy: no tunnel, nothing but loopback, DHCP/NDP and (when <paramref name="allowLan"/>)
    /// the LAN.</summary>
    public static FirewallPolicy Lockdown(bool allowLan) => new() { AllowLan = allowLan };
}
