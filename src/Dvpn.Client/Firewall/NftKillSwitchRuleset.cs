using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dvpn.Client.Firewall;

/// <summary>
/// The kill switch's nftables table for one <see cref="FirewallPolicy"/>, as the text <c>nft -f -</c> reads. The
/// table (<c>inet dvpn_killswitch</c>) is ours alone: installing, replacing and removing it never touches another
/// table (Docker's, firewalld's, the provider's <c>dvpn_*</c>).
/// </summary>
/// <remarks>
/// <para>Atomicity: the install script is <c>table X</c>, <c>delete table X</c>, then the full table. nft runs a file
/// as one transaction, so the kernel goes from the old rule set to the new one with no moment in between without
/// rules (nft 1.0.6 has no <c>destroy</c>; <c>table X</c> creates the table when absent so the delete always
/// succeeds).</para>
/// <para>Priority <see cref="Priority"/> (<c>filter - 10</c>, i.e. -10): every base chain on a hook runs and a drop in
/// any of them is final, so no other table can accept what we drop, whatever the priorities. The priority only
/// decides what we see: after conntrack (-200, so <c>ct state</c> and <c>ct mark</c> are known), after mangle (-150,
/// so a re-route by a mark is already done and <c>oifname</c> is the real exit) and after output DNAT (-100, so we
/// judge the real destination), and before the usual filter chains at 0 (iptables-nft, Docker, ufw), so what we
/// drop is never counted, logged or NATed by them first.</para>
/// <para>Every value that reaches the text is checked here: interface names against
/// <see cref="FirewallInterfaceName"/>, addresses formatted by <see cref="IPAddress"/> (scope ids refused), ports and
/// marks as numbers. Nothing from the policy is copied as text.</para>
/// </remarks>
internal sealed partial class NftKillSwitchRuleset
{
    /// <summary>The table's name (family <c>inet</c>).</summary>
    public const string TableName = "dvpn_killswitch";

    /// <summary>The base chains' priority, see the remarks.</summary>
    public const string Priority = "filter - 10";

    /// <summary>The named counter of packets the output chain dropped.</summary>
    public const string DroppedOutputCounter = "dropped_output";

    /// <summary>The named counter of packets the input chain dropped.</summary>
    public const string DroppedInputCounter = "dropped_input";

    /// <summary>The named counter of packets the forward chain dropped.</summary>
    public const string DroppedForwardCounter = "dropped_forward";

    /// <summary>The named counter of DNS packets (port 53/853) dropped because they were not for an assigned server
    /// through the tunnel (output and forward).</summary>
    public const string DroppedDnsCounter = "dropped_dns";

    private readonly string? _tunnel;
    // (family keyword "ip"/"ip6", address text, port text), each checked and formatted by us.
    private readonly List<(string Family, string Address, string Port)> _udpEndpoints = [];
    private readonly List<(string Family, string Address, string Port)> _tcpEndpoints = [];
    private readonly List<string> _dns4 = [];
    private readonly List<string> _dns6 = [];
    private readonly bool _allowLan;
    private readonly bool _tunnelIPv6;
    private readonly uint? _mark;

    /// <summary>Checks <paramref name="policy"/> and keeps what the script needs.</summary>
    /// <exception cref="ArgumentException">An interface name, endpoint, DNS server or mark is invalid, or DNS servers
    /// are given without a tunnel (or IPv6 ones while IPv6 is blocked).</exception>
    public NftKillSwitchRuleset(FirewallPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.TunnelInterface is not null)
        {
            FirewallInterfaceName.Validate(policy.TunnelInterface, nameof(policy));
            if (policy.TunnelInterface == "lo")
            {
                throw new ArgumentException("The loopback interface is not a tunnel.", nameof(policy));
            }
        }

        _tunnel = policy.TunnelInterface;
        _allowLan = policy.AllowLan;
        _tunnelIPv6 = policy.TunnelIPv6;
        if (policy.FirewallMark == 0)
        {
            throw new ArgumentException("A firewall mark of 0 marks nothing; use null for no mark.", nameof(policy));
        }

        _mark = policy.FirewallMark;
        AddEndpoints(policy.WireGuardEndpoints, _udpEndpoints, "WireGuard endpoint");
        AddEndpoints(policy.ProviderEndpoints, _tcpEndpoints, "provider endpoint");
        AddEndpoints(policy.ChainEndpoints, _tcpEndpoints, "chain endpoint");
        ArgumentNullException.ThrowIfNull(policy.DnsServers, nameof(policy));
        if (policy.DnsServers.Count > 0 && _tunnel is null)
        {
            throw new ArgumentException("DNS servers are reached through the tunnel only, and the policy has no tunnel.", nameof(policy));
        }

        foreach (IPAddress server in policy.DnsServers)
        {
            IPAddress address = PolicyAddress.CheckUnicast(server, "DNS server");
            List<string> list = address.AddressFamily == AddressFamily.InterNetwork ? _dns4 : _dns6;
            if (list == _dns6 && !_tunnelIPv6)
            {
                throw new ArgumentException($"DNS server {address} is IPv6 while IPv6 is blocked.", nameof(policy));
            }

            AddOnce(list, address.ToString());
        }
    }

    /// <summary>The script that replaces the table (or creates it) in one transaction.</summary>
    public string BuildApplyScript()
    {
        StringBuilder s = new();
        Line(s, 0, $"table inet {TableName}");
        Line(s, 0, $"delete table inet {TableName}");
        Line(s, 0, $"table inet {TableName} {{");
        foreach (string counter in (string[])[DroppedOutputCounter, DroppedInputCounter, DroppedForwardCounter, DroppedDnsCounter])
        {
            Line(s, 1, $"counter {counter} {{ }}");
        }

        AppendOutput(s);
        AppendInput(s);
        AppendForward(s);
        Line(s, 0, "}");
        return s.ToString();
    }

    /// <summary>The script that removes the table; succeeds whether or not it exists (one transaction).</summary>
    public static string BuildRemoveScript() => $"table inet {TableName}\ndelete table inet {TableName}\n";

    private static void AddEndpoints(IReadOnlyList<IPEndPoint> endpoints, List<(string Family, string Address, string Port)> list, string what)
    {
        ArgumentNullException.ThrowIfNull(endpoints, what);
        foreach (IPEndPoint endpoint in endpoints)
        {
            if (endpoint is null)
            {
                throw new ArgumentException($"A {what} is null.", nameof(endpoints));
            }

            if (endpoint.Port == 0)
            {
                throw new ArgumentException($"{what} {endpoint} has port 0.", nameof(endpoints));
            }

            IPAddress address = PolicyAddress.CheckUnicast(endpoint.Address, what);
            string port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
            string family = address.AddressFamily == AddressFamily.InterNetwork ? "ip" : "ip6";
            AddOnce(list, (family, address.ToString(), port));
        }
    }

    private static void AddOnce<T>(List<T> list, T item)
    {
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }

    // Interface names are validated to a-z A-Z 0-9 _ = + . - so they cannot break out of the quotes.
    private static string Quote(string name) => "\"" + name + "\"";

    private static string Set(IEnumerable<string> items) => "{ " + string.Join(", ", items) + " }";

    private static void Line(StringBuilder s, int depth, string text) => s.Append('\t', depth).Append(text).Append('\n');
}
