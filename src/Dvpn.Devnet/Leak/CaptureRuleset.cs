using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// The router's own nftables table that classifies what crosses the client's uplink: family netdev, so it sees every
/// frame on the router's client-facing device (ARP too), on the ingress hook (from the client) and the egress hook
/// (towards it), one named counter per allowed kind and a final <c>other</c>. It only counts; every rule accepts.
/// </summary>
internal static class CaptureRuleset
{
    public const string TableName = "leak_capture";
    public const string IngressPrefix = "in_";
    public const string EgressPrefix = "out_";

    /// <summary>The script that (re)creates the table in one transaction.</summary>
    public static string Build(string device, UplinkAllowance allowance)
    {
        IReadOnlyList<(string Kind, string Ingress, string Egress)> kinds = Kinds(allowance);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"table netdev {TableName}\n");
        s.Append(CultureInfo.InvariantCulture, $"delete table netdev {TableName}\n");
        s.Append(CultureInfo.InvariantCulture, $"table netdev {TableName} {{\n");
        foreach ((string kind, _, _) in kinds)
        {
            s.Append(CultureInfo.InvariantCulture, $"\tcounter {IngressPrefix}{kind} {{ }}\n");
            s.Append(CultureInfo.InvariantCulture, $"\tcounter {EgressPrefix}{kind} {{ }}\n");
        }

        AppendChain(s, "ingress", device, IngressPrefix, kinds.Select(k => (k.Kind, k.Ingress)));
        AppendChain(s, "egress", device, EgressPrefix, kinds.Select(k => (k.Kind, k.Egress)));
        s.Append("}\n");
        return s.ToString();
    }

    /// <summary>Each kind with its match from the client (by destination) and towards it (by source); <c>other</c> last, matching all.</summary>
    private static List<(string Kind, string Ingress, string Egress)> Kinds(UplinkAllowance allowance)
    {
        string types = string.Join(", ", UplinkAllowance.NeighbourDiscoveryTypes.Select(t => t.ToString(CultureInfo.InvariantCulture)));
        var kinds = new List<(string, string, string)>
        {
            ("arp", "ether type arp", "ether type arp"),
            ("ndp", $"icmpv6 type {{ {types} }}", $"icmpv6 type {{ {types} }}"),
        };
        AddEndpoints(kinds, "wg", "udp", allowance.WireGuard);
        AddEndpoints(kinds, "session", "tcp", allowance.Sessions);
        AddEndpoints(kinds, "chain", "tcp", allowance.Chain);
        kinds.Add((UplinkCounts.Other, "", ""));
        return kinds;
    }

    private static void AddEndpoints(List<(string, string, string)> kinds, string name, string protocol, IReadOnlyList<IPEndPoint> endpoints)
    {
        for (int i = 0; i < endpoints.Count; i++)
        {
            IPEndPoint endpoint = endpoints[i];
            string family = endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";
            string port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
            kinds.Add((
                string.Create(CultureInfo.InvariantCulture, $"{name}_{i + 1}"),
                $"{family} daddr {endpoint.Address} {protocol} dport {port}",
                $"{family} saddr {endpoint.Address} {protocol} sport {port}"));
        }
    }

    private static void AppendChain(StringBuilder s, string hook, string device, string prefix, IEnumerable<(string Kind, string Match)> kinds)
    {
        s.Append(CultureInfo.InvariantCulture, $"\tchain {hook} {{\n");
        s.Append(CultureInfo.InvariantCulture, $"\t\ttype filter hook {hook} device \"{device}\" priority 0; policy accept;\n");
        foreach ((string kind, string match) in kinds)
        {
            s.Append(match.Length == 0
                ? string.Create(CultureInfo.InvariantCulture, $"\t\tcounter name \"{prefix}{kind}\"\n")
                : string.Create(CultureInfo.InvariantCulture, $"\t\t{match} counter name \"{prefix}{kind}\" accept\n"));
        }

        s.Append("\t}\n");
    }

    /// <summary>
    /// A tcpdump filter that leaves out the allowed kinds (MLD reports behind a hop-by-hop header excepted, which
    /// <see cref="PacketLine"/> recognises), so tcpdump prints only candidates for leaks and stays quiet under bulk
    /// tunnel traffic.
    /// </summary>
    public static string TcpdumpFilter(UplinkAllowance allowance)
    {
        var allowed = new List<string>
        {
            "arp",
            "(icmp6 and ip6[40] >= 133 and ip6[40] <= 136)",
        };
        allowed.AddRange(allowance.WireGuard.Select(e => Endpoint("udp", e)));
        allowed.AddRange(allowance.Sessions.Select(e => Endpoint("tcp", e)));
        allowed.AddRange(allowance.Chain.Select(e => Endpoint("tcp", e)));
        return $"not ({string.Join(" or ", allowed)})";
    }

    private static string Endpoint(string protocol, IPEndPoint endpoint) =>
        string.Create(CultureInfo.InvariantCulture, $"({protocol} and dst host {endpoint.Address} and dst port {endpoint.Port})");
}
