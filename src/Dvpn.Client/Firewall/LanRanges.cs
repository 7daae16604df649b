namespace Dvpn.Client.Firewall;

/// <summary>
/// The networks "allow LAN" opens, the same set Mullvad uses (talpid-core's <c>ALLOWED_LAN_NETS</c> and
/// <c>ALLOWED_LAN_MULTICAST_NETS</c>): private and link-local unicast, plus the local-scope multicast and broadcast
/// that printers, casting and discovery need. Global multicast (e.g. 239.0.0.0/8 except the two SSDP/mDNS groups)
/// is not LAN: it may be routed.
/// </summary>
internal static class LanRanges
{
    /// <summary>IPv4 unicast LAN: RFC 1918 (10/8, 172.16/12, 192.168/16) and link-local (169.254/16, RFC 3927).</summary>
    public static readonly IReadOnlyList<string> IPv4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"];

    /// <summary>IPv6 unicast LAN: link-local (fe80::/10) and unique local (fc00::/7, RFC 4193).</summary>
    public static readonly IReadOnlyList<string> IPv6 = ["fe80::/10", "fc00::/7"];

    /// <summary>IPv4 multicast and broadcast destinations: the local network control block (224.0.0.0/24, never
    /// forwarded by routers), SSDP (239.255.255.250) and mDNS-scoped 239.255.255.251, and the limited broadcast
    /// 255.255.255.255. Directed broadcasts (e.g. 192.168.1.255) are inside <see cref="IPv4"/>.</summary>
    public static readonly IReadOnlyList<string> IPv4Multicast = ["224.0.0.0/24", "239.255.255.250", "239.255.255.251", "255.255.255.255"];

    /// <summary>IPv6 multicast of interface-local (ff01::/16), link-local (ff02::/16), realm-local (ff03::/16),
    /// admin-local (ff04::/16) and site-local (ff05::/16) scope.</summary>
    public static readonly IReadOnlyList<string> IPv6Multicast = ["ff01::/16", "ff02::/16", "ff03::/16", "ff04::/16", "ff05::/16"];
}
