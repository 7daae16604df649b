using System.Globalization;
using System.Text;

namespace Dvpn.Provider.DataPlane;

/// <summary>
/// The nftables table of one provider tunnel, as the text <c>nft -f -</c> reads. Everything lives in a table of its
/// own (<c>inet dvpn_&lt;interface&gt;</c>), so installing and removing it never touches anybody else's rules, and the
/// script replaces a stale table of a crashed run in the same atomic transaction (nft 1.0.6 has no <c>destroy</c>:
/// <c>table X</c> creates it when absent, <c>delete table X</c> then always succeeds, and the full table follows).
/// </summary>
/// <remarks>
/// Base chains hook at the standard priorities with policy accept: only traffic to, from or through the tunnel
/// interface is judged here. Another table's drop still drops (nftables evaluates every base chain of a hook).
/// </remarks>
internal sealed class NftRuleset
{
    /// <summary>Destinations a session must not reach when <see cref="TunnelOptions.BlockPrivateDestinations"/>:
    /// "this network", RFC 1918, CGNAT (RFC 6598), loopback, link-local, IETF protocol assignments, multicast and
    /// the reserved block with the limited broadcast address.</summary>
    public static readonly IReadOnlyList<string> PrivateIPv4 =
    [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
    ];

    /// <summary>The same for IPv6: unspecified, loopback, IPv4-mapped, local-use NAT64 (RFC 8215), unique local
    /// (RFC 4193), link-local, the deprecated site-local block and multicast.</summary>
    public static readonly IReadOnlyList<string> PrivateIPv6 =
    [
        "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ];

    private const string TablePrefix = "dvpn_";

    private readonly string _interface;
    private readonly string? _upstream;
    private readonly AddressPool _pool;
    private readonly ushort _paymentPort;
    private readonly bool _blockPrivate;

    /// <summary>The rule set of a tunnel on <paramref name="interfaceName"/> with <paramref name="pool"/>.</summary>
    public NftRuleset(string interfaceName, string? upstreamInterface, AddressPool pool, ushort paymentPort, bool blockPrivateDestinations)
    {
        ArgumentNullException.ThrowIfNull(pool);
        LinkName.Validate(interfaceName, nameof(interfaceName));
        if (upstreamInterface is not null)
        {
            LinkName.Validate(upstreamInterface, nameof(upstreamInterface));
        }

        _interface = interfaceName;
        _upstream = upstreamInterface;
        _pool = pool;
        _paymentPort = paymentPort;
        _blockPrivate = blockPrivateDestinations;
        TableName = TableNameFor(interfaceName);
    }

    /// <summary>The table's name, <c>dvpn_&lt;interface&gt;</c> (characters nft does not allow in a name become <c>_</c>).</summary>
    public string TableName { get; }

    /// <summary>The table's name for a tunnel on <paramref name="interfaceName"/>.</summary>
    public static string TableNameFor(string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        StringBuilder name = new(TablePrefix);
        foreach (char c in interfaceName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return name.ToString();
    }

    /// <summary>The script that (re)creates the table in one transaction.</summary>
    public string BuildInstallScript()
    {
        string wg = Quote(_interface);
        StringBuilder s = new();
        Line(s, 0, $"table inet {TableName}");
        Line(s, 0, $"delete table inet {TableName}");
        Line(s, 0, $"table inet {TableName} {{");

        // Sessions that were cut off: no more forwarding either way, while their peer stays a moment longer so the
        // payment call can deliver the CutOff (input to the payment port is not affected).
        Line(s, 1, $"set {CutSetIPv4} {{ type ipv4_addr; }}");
        if (_pool.IPv6 is not null)
        {
            Line(s, 1, $"set {CutSetIPv6} {{ type ipv6_addr; }}");
        }

        // Input from sessions: the payment endpoint on the gateway addresses and ICMP (ping, path MTU), nothing else.
        Line(s, 1, "chain input {");
        Line(s, 2, "type filter hook input priority filter; policy accept;");
        Line(s, 2, $"iifname {wg} ct state established,related accept");
        Line(s, 2, $"iifname {wg} ip daddr {_pool.GatewayIPv4} tcp dport {Port} accept");
        if (_pool.GatewayIPv6 is { } gateway6)
        {
            Line(s, 2, $"iifname {wg} ip6 daddr {gateway6} tcp dport {Port} accept");
        }

        Line(s, 2, $"iifname {wg} meta l4proto {{ icmp, ipv6-icmp }} accept");
        Line(s, 2, $"iifname {wg} drop");
        Line(s, 1, "}");

        // Forwarding: sessions go out to the upstream only, never to each other or (when blocked) the provider's LAN;
        // nothing enters the tunnel that is not an answer.
        Line(s, 1, "chain forward {");
        Line(s, 2, "type filter hook forward priority filter; policy accept;");
        Line(s, 2, $"iifname {wg} ip saddr @{CutSetIPv4} drop");
        Line(s, 2, $"oifname {wg} ip daddr @{CutSetIPv4} drop");
        if (_pool.IPv6 is not null)
        {
            Line(s, 2, $"iifname {wg} ip6 saddr @{CutSetIPv6} drop");
            Line(s, 2, $"oifname {wg} ip6 daddr @{CutSetIPv6} drop");
        }
        Line(s, 2, $"iifname {wg} oifname {wg} drop");
        if (_blockPrivate)
        {
            Line(s, 2, $"iifname {wg} ip daddr {{ {string.Join(", ", PrivateIPv4)} }} drop");
            Line(s, 2, $"iifname {wg} ip6 daddr {{ {string.Join(", ", PrivateIPv6)} }} drop");
        }

        Line(s, 2, _upstream is null ? $"iifname {wg} accept" : $"iifname {wg} oifname {Quote(_upstream)} accept");
        Line(s, 2, $"iifname {wg} drop");
        Line(s, 2, $"oifname {wg} ct state established,related accept");
        Line(s, 2, $"oifname {wg} drop");
        Line(s, 1, "}");

        if (_upstream is not null)
        {
            string upstream = Quote(_upstream);
            Line(s, 1, "chain postrouting {");
            Line(s, 2, "type nat hook postrouting priority srcnat; policy accept;");
            Line(s, 2, $"oifname {upstream} ip saddr {_pool.IPv4} masquerade");
            if (_pool.IPv6 is { } ipv6)
            {
                Line(s, 2, $"oifname {upstream} ip6 saddr {ipv6} masquerade");
            }

            Line(s, 1, "}");
        }

        Line(s, 0, "}");
        return s.ToString();
    }

    /// <summary>The script that stops forwarding for a session's addresses (the peer may stay a moment).</summary>
    public string BuildCutScript(SessionAddresses addresses) => ElementScript("add", addresses);

    /// <summary>The script that forgets a session's cut, once its peer is gone and before its addresses are reused.</summary>
    public string BuildUncutScript(SessionAddresses addresses) => ElementScript("delete", addresses);

    /// <summary>The script that removes the table (fails when it does not exist).</summary>
    public string BuildRemoveScript() => $"delete table inet {TableName}\n";

    private const string CutSetIPv4 = "cut4";
    private const string CutSetIPv6 = "cut6";

    private string ElementScript(string verb, SessionAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        StringBuilder s = new();
        Line(s, 0, $"{verb} element inet {TableName} {CutSetIPv4} {{ {addresses.IPv4} }}");
        if (addresses.IPv6 is { } ipv6)
        {
            Line(s, 0, $"{verb} element inet {TableName} {CutSetIPv6} {{ {ipv6} }}");
        }

        return s.ToString();
    }

    private string Port => _paymentPort.ToString(CultureInfo.InvariantCulture);

    // Interface names are validated to a-z A-Z 0-9 _ = + . - so they cannot break out of the quotes.
    private static string Quote(string name) => "\"" + name + "\"";

    private static void Line(StringBuilder s, int depth, string text) => s.Append('\t', depth).Append(text).Append('\n');
}
