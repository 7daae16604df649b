using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// The WFP filters for one <see cref="FirewallPolicy"/>, as plain data in evaluation order (highest weight first).
/// Pure: nothing here touches Windows, so the plan is tested on any platform; <see cref="WfpKillSwitch"/> installs it.
/// </summary>
/// <remarks>
/// <para>Outgoing traffic is judged at <see cref="WfpLayer.ConnectV4"/>/<see cref="WfpLayer.ConnectV6"/>, flows the
/// other side starts at the receive/accept layers. Answers to a permitted outgoing flow belong to that flow and are not
/// judged again, so the inbound permits are only: loopback, DHCP replies, NDP, the WireGuard endpoint (either side may
/// start a handshake) and LAN hosts when allowed. Unsolicited connections through the tunnel stay blocked, as in the
/// nftables ruleset (input accepts only established flows from the tunnel).</para>
/// <para>Not covered by ALE: forwarded traffic (Internet connection sharing, Hyper-V NAT), which nftables' forward
/// chain handles on Linux. <see cref="FirewallPolicy.FirewallMark"/> has no WFP counterpart and is ignored.</para>
/// </remarks>
internal sealed partial class WfpFilterPlan
{
    private const uint Tcp = 6;
    private const uint Udp = 17;
    private const uint IcmpV6 = 58;
    private const uint FlagIsLoopback = 0x00000001; // FWP_CONDITION_FLAG_IS_LOOPBACK

    private readonly List<WfpFilter> _filters = [];

    /// <summary>Checks <paramref name="policy"/> and plans its filters.</summary>
    /// <exception cref="ArgumentException">An interface alias, endpoint or DNS server is invalid, or DNS servers are
    /// given without a tunnel (or IPv6 ones while IPv6 is blocked).</exception>
    public WfpFilterPlan(FirewallPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string? tunnel = CheckTunnel(policy.TunnelInterface);
        List<IPEndPoint> udp = CheckEndpoints([policy.WireGuardEndpoints], "WireGuard endpoint");
        List<IPEndPoint> tcp = CheckEndpoints([policy.ProviderEndpoints, policy.ChainEndpoints], "provider or chain endpoint");
        List<IPAddress> dns = CheckDnsServers(policy.DnsServers, tunnel, policy.TunnelIPv6);

        AddEverywhere(WfpFilterKind.Loopback, "permit loopback", WfpAction.Permit, WfpWeights.Loopback,
            [new WfpNumberCondition(WfpField.Flags, FlagIsLoopback)]);
        AddDhcpAndNdp();
        foreach (IPEndPoint endpoint in udp)
        {
            // Both directions: the provider may start a handshake (rekey, roaming) as well as answer ours.
            WfpCondition[] conditions = EndpointConditions(Udp, endpoint);
            string name = $"permit WireGuard endpoint {endpoint}";
            Add(WfpFilterKind.WireGuardEndpoint, name, Connect(endpoint.Address), WfpAction.Permit, WfpWeights.Endpoints, conditions);
            Add(WfpFilterKind.WireGuardEndpoint, name, Accept(endpoint.Address), WfpAction.Permit, WfpWeights.Endpoints, conditions);
        }

        foreach (IPEndPoint endpoint in tcp)
        {
            Add(WfpFilterKind.TcpEndpoint, $"permit TCP endpoint {endpoint}", Connect(endpoint.Address), WfpAction.Permit,
                WfpWeights.Endpoints, EndpointConditions(Tcp, endpoint));
        }

        AddDns(tunnel, dns);
        if (tunnel is not null)
        {
            WfpCondition[] through = [new WfpInterfaceCondition(tunnel)];
            Add(WfpFilterKind.Tunnel, $"permit tunnel {tunnel}", WfpLayer.ConnectV4, WfpAction.Permit, WfpWeights.Tunnel, through);
            if (policy.TunnelIPv6)
            {
                Add(WfpFilterKind.Tunnel, $"permit tunnel {tunnel}", WfpLayer.ConnectV6, WfpAction.Permit, WfpWeights.Tunnel, through);
            }
        }

        if (policy.AllowLan)
        {
            AddLan();
        }

        AddEverywhere(WfpFilterKind.BlockAll, "block everything else", WfpAction.Block, WfpWeights.BlockAll, []);
    }

    /// <summary>The filters, highest weight first.</summary>
    public IReadOnlyList<WfpFilter> Filters => _filters;

    private void AddDhcpAndNdp()
    {
        WfpCondition linkLocalLocal = Address(WfpField.LocalAddress, "fe80::/10");
        Add(WfpFilterKind.Dhcp, "permit DHCPv4 request", WfpLayer.ConnectV4, WfpAction.Permit, WfpWeights.LinkServices,
            [Number(WfpField.Protocol, Udp), Number(WfpField.LocalPort, 68), Number(WfpField.RemotePort, 67)]);
        Add(WfpFilterKind.Dhcp, "permit DHCPv4 reply", WfpLayer.RecvAcceptV4, WfpAction.Permit, WfpWeights.LinkServices,
            [Number(WfpField.Protocol, Udp), Number(WfpField.LocalPort, 68), Number(WfpField.RemotePort, 67)]);
        Add(WfpFilterKind.Dhcp, "permit DHCPv6 request", WfpLayer.ConnectV6, WfpAction.Permit, WfpWeights.LinkServices,
            [Number(WfpField.Protocol, Udp), linkLocalLocal, Number(WfpField.LocalPort, 546),
             Address(WfpField.RemoteAddress, "ff02::1:2/128"), Number(WfpField.RemotePort, 547)]);
        Add(WfpFilterKind.Dhcp, "permit DHCPv6 reply", WfpLayer.RecvAcceptV6, WfpAction.Permit, WfpWeights.LinkServices,
            [Number(WfpField.Protocol, Udp), linkLocalLocal, Number(WfpField.LocalPort, 546),
             Address(WfpField.RemoteAddress, "fe80::/10"), Number(WfpField.RemotePort, 547)]);

        // RFC 4861: we send router solicitations (133) and neighbour solicitations/advertisements (135, 136) and
        // receive router advertisements (134) and neighbour solicitations/advertisements. ALE cannot test the hop
        // limit of 255 that makes these link-local only; nftables does.
        Add(WfpFilterKind.Ndp, "permit NDP out", WfpLayer.ConnectV6, WfpAction.Permit, WfpWeights.LinkServices,
            [Number(WfpField.Protocol, IcmpV6), Number(WfpField.IcmpType, 133), Number(WfpField.IcmpType, 135), Number(WfpField.IcmpType, 136)]);
        Add(WfpFilterKind.Ndp, "permit NDP in", WfpLayer.RecvAcceptV6, WfpAction.Permit, WfpWeights.LinkServices,
            [Number(WfpField.Protocol, IcmpV6), Number(WfpField.IcmpType, 134), Number(WfpField.IcmpType, 135), Number(WfpField.IcmpType, 136)]);

        // MLD listener reports (131, v2: 143) to link-local multicast, so MLD-snooping switches keep delivering NDP.
        Add(WfpFilterKind.Ndp, "permit MLD reports", WfpLayer.ConnectV6, WfpAction.Permit, WfpWeights.LinkServices,
            [Number(WfpField.Protocol, IcmpV6), Number(WfpField.IcmpType, 131), Number(WfpField.IcmpType, 143),
             Address(WfpField.RemoteAddress, "ff02::/16")]);
    }

    private void AddDns(string? tunnel, List<IPAddress> servers)
    {
        WfpCondition[] dns =
        [
            Number(WfpField.Protocol, Tcp), Number(WfpField.Protocol, Udp),
            Number(WfpField.RemotePort, 53), Number(WfpField.RemotePort, 853),
        ];
        if (tunnel is not null)
        {
            foreach ((WfpLayer layer, AddressFamily family) in (ReadOnlySpan<(WfpLayer, AddressFamily)>)
                [(WfpLayer.ConnectV4, AddressFamily.InterNetwork), (WfpLayer.ConnectV6, AddressFamily.InterNetworkV6)])
            {
                List<WfpCondition> conditions = [.. dns];
                conditions.AddRange(servers.Where(s => s.AddressFamily == family).Select(s => (WfpCondition)Host(WfpField.RemoteAddress, s)));
                if (conditions.Count > dns.Length)
                {
                    conditions.Add(new WfpInterfaceCondition(tunnel));
                    Add(WfpFilterKind.DnsPermit, "permit DNS to the assigned servers through the tunnel", layer, WfpAction.Permit,
                        WfpWeights.DnsPermit, conditions);
                }
            }
        }

        Add(WfpFilterKind.DnsBlock, "block other DNS", WfpLayer.ConnectV4, WfpAction.Block, WfpWeights.DnsBlock, dns);
        Add(WfpFilterKind.DnsBlock, "block other DNS", WfpLayer.ConnectV6, WfpAction.Block, WfpWeights.DnsBlock, dns);
    }

    private void AddLan()
    {
        // Out: unicast LAN plus local-scope multicast/broadcast; in: LAN hosts (the sender of a multicast is one).
        Add(WfpFilterKind.Lan, "permit LAN out", WfpLayer.ConnectV4, WfpAction.Permit, WfpWeights.Lan,
            [.. LanRanges.IPv4.Concat(LanRanges.IPv4Multicast).Select(r => Address(WfpField.RemoteAddress, r))]);
        Add(WfpFilterKind.Lan, "permit LAN out", WfpLayer.ConnectV6, WfpAction.Permit, WfpWeights.Lan,
            [.. LanRanges.IPv6.Concat(LanRanges.IPv6Multicast).Select(r => Address(WfpField.RemoteAddress, r))]);
        Add(WfpFilterKind.Lan, "permit LAN in", WfpLayer.RecvAcceptV4, WfpAction.Permit, WfpWeights.Lan,
            [.. LanRanges.IPv4.Select(r => Address(WfpField.RemoteAddress, r))]);
        Add(WfpFilterKind.Lan, "permit LAN in", WfpLayer.RecvAcceptV6, WfpAction.Permit, WfpWeights.Lan,
            [.. LanRanges.IPv6.Select(r => Address(WfpField.RemoteAddress, r))]);
    }

    private void AddEverywhere(WfpFilterKind kind, string name, WfpAction action, byte weight, IReadOnlyList<WfpCondition> conditions)
    {
        foreach (WfpLayer layer in (ReadOnlySpan<WfpLayer>)[WfpLayer.ConnectV4, WfpLayer.RecvAcceptV4, WfpLayer.ConnectV6, WfpLayer.RecvAcceptV6])
        {
            Add(kind, name, layer, action, weight, conditions);
        }
    }

    private void Add(WfpFilterKind kind, string name, WfpLayer layer, WfpAction action, byte weight, IReadOnlyList<WfpCondition> conditions)
    {
        string fullName = $"DvpnClient kill switch: {name} ({LayerText(layer)})";
        // The index keeps keys unique; the name makes a key mean the same filter from one policy to the next.
        Guid key = WfpObjectKeys.FilterKey(string.Create(CultureInfo.InvariantCulture, $"{_filters.Count}/{fullName}"));
        _filters.Add(new WfpFilter(key, kind, fullName, layer, action, weight, conditions));
    }

    private static WfpCondition[] EndpointConditions(uint protocol, IPEndPoint endpoint) =>
        [Number(WfpField.Protocol, protocol), Host(WfpField.RemoteAddress, endpoint.Address), Number(WfpField.RemotePort, (uint)endpoint.Port)];

    private static WfpLayer Connect(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? WfpLayer.ConnectV4 : WfpLayer.ConnectV6;

    private static WfpLayer Accept(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? WfpLayer.RecvAcceptV4 : WfpLayer.RecvAcceptV6;

    private static WfpNumberCondition Number(WfpField field, uint value) => new(field, value);

    private static WfpAddressCondition Host(WfpField field, IPAddress address) =>
        new(field, new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));

    // LanRanges lists single addresses without a prefix (e.g. 239.255.255.250).
    private static WfpAddressCondition Address(WfpField field, string range) =>
        range.Contains('/', StringComparison.Ordinal) ? new(field, IPNetwork.Parse(range)) : Host(field, IPAddress.Parse(range));

    private static string LayerText(WfpLayer layer) => layer switch
    {
        WfpLayer.ConnectV4 => "connect v4",
        WfpLayer.ConnectV6 => "connect v6",
        WfpLayer.RecvAcceptV4 => "accept v4",
        _ => "accept v6",
    };
}
