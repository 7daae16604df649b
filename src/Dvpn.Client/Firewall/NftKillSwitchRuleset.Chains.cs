using System.Globalization;
using System.Text;

namespace Dvpn.Client.Firewall;

/// <summary>The three base chains. Order matters inside each: the first matching verdict wins.</summary>
internal sealed partial class NftKillSwitchRuleset
{
    private const string DnsMatch = "meta l4proto { tcp, udp } th dport { 53, 853 }";

    // NDP the host sends (RFC 4861: solicitations and its own advertisements) and receives (advertisements and
    // neighbour solicitations); hop limit 255 proves a packet was not routed, so no remote host can use these.
    private const string NdpOut = "icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255";
    // MLD listener reports (the host joins its solicited-node groups): link-local multicast with hop limit 1. Without
    // them a switch that snoops MLD stops delivering neighbour solicitations, and NDP breaks after all.
    private const string MldOut = "ip6 daddr ff02::/16 ip6 hoplimit 1 icmpv6 type { mld-listener-report, mld2-listener-report }";
    private const string NdpIn = "icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255";

    private void AppendOutput(StringBuilder s)
    {
        Line(s, 1, "chain output {");
        Line(s, 2, $"type filter hook output priority {Priority}; policy drop;");
        Line(s, 2, "oifname \"lo\" accept");
        if (_mark is uint mark)
        {
            // The tunnel's own encrypted packets, wherever the endpoint roams; the conntrack mark lets the answers in.
            Line(s, 2, $"meta mark {Hex(mark)} ct mark set {Hex(mark)} accept");
        }

        Line(s, 2, "meta nfproto ipv4 udp sport 68 udp dport 67 accept");
        Line(s, 2, "ip6 saddr fe80::/10 ip6 daddr ff02::1:2 udp sport 546 udp dport 547 accept");
        Line(s, 2, $"{NdpOut} accept");
        Line(s, 2, $"{MldOut} accept");
        foreach ((string family, string address, string port) in _udpEndpoints)
        {
            Line(s, 2, $"{family} daddr {address} udp dport {port} accept");
        }

        foreach ((string family, string address, string port) in _tcpEndpoints)
        {
            Line(s, 2, $"{family} daddr {address} tcp dport {port} accept");
        }

        AppendDns(s);
        AppendTunnel(s, "oifname", established: false);
        if (_allowLan)
        {
            Line(s, 2, $"ip daddr {Set(LanRanges.IPv4)} accept");
            Line(s, 2, $"ip daddr {Set(LanRanges.IPv4Multicast)} accept");
            Line(s, 2, $"ip6 daddr {Set(LanRanges.IPv6)} accept");
            Line(s, 2, $"ip6 daddr {Set(LanRanges.IPv6Multicast)} accept");
        }

        Line(s, 2, $"counter name {DroppedOutputCounter} drop");
        Line(s, 1, "}");
    }

    private void AppendInput(StringBuilder s)
    {
        Line(s, 1, "chain input {");
        Line(s, 2, $"type filter hook input priority {Priority}; policy drop;");
        Line(s, 2, "iifname \"lo\" accept");
        if (_mark is uint mark)
        {
            Line(s, 2, $"ct mark {Hex(mark)} accept");
        }

        Line(s, 2, "meta nfproto ipv4 udp sport 67 udp dport 68 accept");
        Line(s, 2, "ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept");
        Line(s, 2, $"{NdpIn} accept");

        // WireGuard is UDP both ways and either side may start a handshake: no conntrack state required.
        foreach ((string family, string address, string port) in _udpEndpoints)
        {
            Line(s, 2, $"{family} saddr {address} udp sport {port} accept");
        }

        foreach ((string family, string address, string port) in _tcpEndpoints)
        {
            Line(s, 2, $"{family} saddr {address} tcp sport {port} ct state established,related accept");
        }

        AppendTunnel(s, "iifname", established: true);
        if (_allowLan)
        {
            Line(s, 2, $"ip saddr {Set(LanRanges.IPv4)} accept");
            Line(s, 2, $"ip6 saddr {Set(LanRanges.IPv6)} accept");
        }

        // ICMP errors (fragmentation needed, packet too big) about a flow we allowed out: path MTU discovery.
        Line(s, 2, "meta l4proto { icmp, ipv6-icmp } ct state related accept");
        Line(s, 2, $"counter name {DroppedInputCounter} drop");
        Line(s, 1, "}");
    }

    // Routed traffic (containers, VMs, a shared connection): into the tunnel and back, LAN to LAN, nothing else.
    private void AppendForward(StringBuilder s)
    {
        Line(s, 1, "chain forward {");
        Line(s, 2, $"type filter hook forward priority {Priority}; policy drop;");
        AppendDns(s);
        AppendTunnel(s, "oifname", established: false);
        AppendTunnel(s, "iifname", established: true);
        if (_allowLan)
        {
            Line(s, 2, $"ip saddr {Set(LanRanges.IPv4)} ip daddr {Set(LanRanges.IPv4)} accept");
            Line(s, 2, $"ip6 saddr {Set(LanRanges.IPv6)} ip6 daddr {Set(LanRanges.IPv6)} accept");
        }

        Line(s, 2, $"counter name {DroppedForwardCounter} drop");
        Line(s, 1, "}");
    }

    // DNS only to the assigned servers through the tunnel; any other DNS (plain 53, DoT/DoQ 853) is dropped before
    // the tunnel and LAN accepts below could let it out. Loopback (a local stub resolver) was accepted above.
    private void AppendDns(StringBuilder s)
    {
        if (_tunnel is not null)
        {
            string tunnel = Quote(_tunnel);
            if (_dns4.Count > 0)
            {
                Line(s, 2, $"oifname {tunnel} ip daddr {Set(_dns4)} {DnsMatch} accept");
            }

            if (_dns6.Count > 0)
            {
                Line(s, 2, $"oifname {tunnel} ip6 daddr {Set(_dns6)} {DnsMatch} accept");
            }
        }

        Line(s, 2, $"{DnsMatch} counter name {DroppedDnsCounter} drop");
    }

    // Traffic through the tunnel: out (or in, answers only) on its interface; IPv4 only while IPv6 is blocked.
    private void AppendTunnel(StringBuilder s, string direction, bool established)
    {
        if (_tunnel is null)
        {
            return;
        }

        string family = _tunnelIPv6 ? "" : "meta nfproto ipv4 ";
        string state = established ? "ct state established,related " : "";
        Line(s, 2, $"{direction} {Quote(_tunnel)} {family}{state}accept");
    }

    private static string Hex(uint value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);
}
