using System.Net;
using Dvpn.Client.Firewall;
using Dvpn.Client.Firewall.Windows;

namespace Dvpn.Client.Tests.Firewall.Windows;

public sealed class WfpFilterPlanTests
{
    private static readonly WfpLayer[] AllLayers = [WfpLayer.ConnectV4, WfpLayer.ConnectV6, WfpLayer.RecvAcceptV4, WfpLayer.RecvAcceptV6];

    private static IReadOnlyList<WfpFilter> Plan(FirewallPolicy policy) => new WfpFilterPlan(policy).Filters;

    private static WfpFilter[] Of(IReadOnlyList<WfpFilter> filters, WfpFilterKind kind) => [.. filters.Where(f => f.Kind == kind)];

    private static WfpFilter Single(IReadOnlyList<WfpFilter> filters, WfpFilterKind kind, WfpLayer layer) =>
        Assert.Single(filters, f => f.Kind == kind && f.Layer == layer);

    private static WfpNumberCondition N(WfpField field, uint value) => new(field, value);

    private static WfpAddressCondition A(WfpField field, string network) => new(field, IPNetwork.Parse(network));

    public static TheoryData<string> PolicyNames => ["Lockdown", "Connecting", "Connected", "ConnectedIPv6", "Lockdown+LAN", "Connected+LAN"];

    private static FirewallPolicy Named(string name) => name switch
    {
        "Lockdown" => FirewallPolicies.Lockdown,
        "Connecting" => FirewallPolicies.Connecting,
        "Connected" => FirewallPolicies.Connected,
        "ConnectedIPv6" => FirewallPolicies.ConnectedIPv6,
        "Lockdown+LAN" => FirewallPolicy.Lockdown(allowLan: true),
        "Connected+LAN" => FirewallPolicies.Connected with { AllowLan = true },
        _ => throw new ArgumentException(name, nameof(name)),
    };

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Plan_Any_BlocksEverythingOnAllFourLayersAtTheLowestWeight(string name)
    {
        IReadOnlyList<WfpFilter> filters = Plan(Named(name));

        foreach (WfpLayer layer in AllLayers)
        {
            WfpFilter block = Single(filters, WfpFilterKind.BlockAll, layer);
            Assert.Equal(WfpAction.Block, block.Action);
            Assert.Equal(0, block.Weight);
            Assert.Empty(block.Conditions);
        }

        Assert.All(filters.Where(f => f.Kind != WfpFilterKind.BlockAll), f => Assert.True(f.Weight > 0, f.Name));
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Plan_Any_IsOrderedByWeightWithUniqueKeys(string name)
    {
        IReadOnlyList<WfpFilter> filters = Plan(Named(name));

        Assert.Equal(filters.OrderByDescending(f => f.Weight).Select(f => f.Key), filters.Select(f => f.Key));
        Assert.Equal(filters.Count, filters.Select(f => f.Key).Distinct().Count());
        Assert.All(filters, f => Assert.InRange(f.Weight, 0, 15));
    }

    [Fact]
    public void Plan_SamePolicyTwice_GivesTheSameKeys()
    {
        Assert.Equal(Plan(FirewallPolicies.Connected).Select(f => f.Key), Plan(FirewallPolicies.Connected).Select(f => f.Key));
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Plan_Any_PermitsLoopbackOnAllFourLayersFirst(string name)
    {
        IReadOnlyList<WfpFilter> filters = Plan(Named(name));

        foreach (WfpLayer layer in AllLayers)
        {
            WfpFilter loopback = Single(filters, WfpFilterKind.Loopback, layer);
            Assert.Equal(WfpAction.Permit, loopback.Action);
            Assert.Equal(filters.Max(f => f.Weight), loopback.Weight);
            Assert.Equal([N(WfpField.Flags, 0x1)], loopback.Conditions); // FWP_CONDITION_FLAG_IS_LOOPBACK
        }
    }

    [Fact]
    public void Plan_Lockdown_PermitsDhcpBothFamiliesBothWays()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.Lockdown);

        Assert.Equal([N(WfpField.Protocol, 17), N(WfpField.LocalPort, 68), N(WfpField.RemotePort, 67)],
            Single(filters, WfpFilterKind.Dhcp, WfpLayer.ConnectV4).Conditions);
        Assert.Equal([N(WfpField.Protocol, 17), N(WfpField.LocalPort, 68), N(WfpField.RemotePort, 67)],
            Single(filters, WfpFilterKind.Dhcp, WfpLayer.RecvAcceptV4).Conditions);
        Assert.Equal([N(WfpField.Protocol, 17), A(WfpField.LocalAddress, "fe80::/10"), N(WfpField.LocalPort, 546),
                A(WfpField.RemoteAddress, "ff02::1:2/128"), N(WfpField.RemotePort, 547)],
            Single(filters, WfpFilterKind.Dhcp, WfpLayer.ConnectV6).Conditions);
        Assert.Equal([N(WfpField.Protocol, 17), A(WfpField.LocalAddress, "fe80::/10"), N(WfpField.LocalPort, 546),
                A(WfpField.RemoteAddress, "fe80::/10"), N(WfpField.RemotePort, 547)],
            Single(filters, WfpFilterKind.Dhcp, WfpLayer.RecvAcceptV6).Conditions);
        Assert.All(Of(filters, WfpFilterKind.Dhcp), f => Assert.Equal(WfpAction.Permit, f.Action));
    }

    [Fact]
    public void Plan_Lockdown_PermitsNdpOnlyOnIPv6Layers()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.Lockdown);
        WfpFilter[] ndp = Of(filters, WfpFilterKind.Ndp);

        Assert.All(ndp, f => Assert.Contains(f.Layer, (WfpLayer[])[WfpLayer.ConnectV6, WfpLayer.RecvAcceptV6]));
        Assert.All(ndp, f => Assert.Contains(N(WfpField.Protocol, 58), f.Conditions));
        Assert.All(ndp, f => Assert.Equal(WfpAction.Permit, f.Action));
        // Out: router solicitation, neighbour solicitation/advertisement (plus MLD reports to ff02::/16).
        Assert.Contains(ndp, f => f.Layer == WfpLayer.ConnectV6
            && f.Conditions.OfType<WfpNumberCondition>().Where(c => c.Field == WfpField.IcmpType).Select(c => c.Value).Order().SequenceEqual([133u, 135u, 136u]));
        // In: router advertisement, neighbour solicitation/advertisement.
        WfpFilter inbound = Single(filters, WfpFilterKind.Ndp, WfpLayer.RecvAcceptV6);
        Assert.Equal([134u, 135u, 136u], inbound.Conditions.OfType<WfpNumberCondition>().Where(c => c.Field == WfpField.IcmpType).Select(c => c.Value).Order());
        WfpFilter mld = Assert.Single(ndp, f => f.Conditions.Contains(N(WfpField.IcmpType, 131)));
        Assert.Contains(N(WfpField.IcmpType, 143), mld.Conditions);
        Assert.Contains(A(WfpField.RemoteAddress, "ff02::/16"), mld.Conditions);
    }

    [Fact]
    public void Plan_Lockdown_PermitsOnlyLoopbackDhcpAndNdp()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.Lockdown);

        Assert.All(filters.Where(f => f.Action == WfpAction.Permit),
            f => Assert.Contains(f.Kind, (WfpFilterKind[])[WfpFilterKind.Loopback, WfpFilterKind.Dhcp, WfpFilterKind.Ndp]));
        Assert.Equal([WfpFilterKind.DnsBlock, WfpFilterKind.BlockAll],
            filters.Where(f => f.Action == WfpAction.Block).Select(f => f.Kind).Distinct());
        Assert.DoesNotContain(filters, f => f.Conditions.Any(c => c is WfpInterfaceCondition));
    }

    [Fact]
    public void Plan_Connecting_PermitsTheWireGuardEndpointBothWaysExactly()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.Connecting);
        WfpCondition[] expected = [N(WfpField.Protocol, 17), A(WfpField.RemoteAddress, "203.0.113.7/32"), N(WfpField.RemotePort, 51820)];

        Assert.Equal(expected, Single(filters, WfpFilterKind.WireGuardEndpoint, WfpLayer.ConnectV4).Conditions);
        Assert.Equal(expected, Single(filters, WfpFilterKind.WireGuardEndpoint, WfpLayer.RecvAcceptV4).Conditions);
        Assert.Equal(2, Of(filters, WfpFilterKind.WireGuardEndpoint).Length);
    }

    [Fact]
    public void Plan_IPv6WireGuardEndpoint_IsPermittedOnTheIPv6Layers()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.ConnectedIPv6);
        WfpCondition[] expected = [N(WfpField.Protocol, 17), A(WfpField.RemoteAddress, "2001:db8::7/128"), N(WfpField.RemotePort, 51820)];

        Assert.Equal(expected, Single(filters, WfpFilterKind.WireGuardEndpoint, WfpLayer.ConnectV6).Conditions);
        Assert.Equal(expected, Single(filters, WfpFilterKind.WireGuardEndpoint, WfpLayer.RecvAcceptV6).Conditions);
    }

    [Fact]
    public void Plan_Connecting_PermitsProviderAndChainTcpEndpointsOutgoingOnly()
    {
        WfpFilter[] tcp = Of(Plan(FirewallPolicies.Connecting), WfpFilterKind.TcpEndpoint);

        Assert.Equal(2, tcp.Length);
        Assert.All(tcp, f => Assert.Equal(WfpLayer.ConnectV4, f.Layer));
        Assert.Equal([N(WfpField.Protocol, 6), A(WfpField.RemoteAddress, "203.0.113.7/32"), N(WfpField.RemotePort, 8443)], tcp[0].Conditions);
        Assert.Equal([N(WfpField.Protocol, 6), A(WfpField.RemoteAddress, "198.51.100.20/32"), N(WfpField.RemotePort, 8545)], tcp[1].Conditions);
    }

    [Fact]
    public void Plan_Connecting_HasNoTunnelAndNoDnsPermit()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.Connecting);

        Assert.Empty(Of(filters, WfpFilterKind.Tunnel));
        Assert.Empty(Of(filters, WfpFilterKind.DnsPermit));
        Assert.Equal(2, Of(filters, WfpFilterKind.DnsBlock).Length);
    }

    [Fact]
    public void Plan_Connected_BlocksOtherDnsAboveTheTunnelAndLanPermits()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.Connected with { AllowLan = true });
        WfpCondition[] dns = [N(WfpField.Protocol, 6), N(WfpField.Protocol, 17), N(WfpField.RemotePort, 53), N(WfpField.RemotePort, 853)];

        foreach (WfpLayer layer in (WfpLayer[])[WfpLayer.ConnectV4, WfpLayer.ConnectV6])
        {
            WfpFilter block = Single(filters, WfpFilterKind.DnsBlock, layer);
            Assert.Equal(WfpAction.Block, block.Action);
            Assert.Equal(dns, block.Conditions);
            Assert.All(Of(filters, WfpFilterKind.Tunnel).Concat(Of(filters, WfpFilterKind.Lan)), f => Assert.True(block.Weight > f.Weight, f.Name));
        }
    }

    [Fact]
    public void Plan_Connected_PermitsDnsOnlyToTheAssignedServerThroughTheTunnel()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.Connected);

        WfpFilter permit = Assert.Single(Of(filters, WfpFilterKind.DnsPermit));
        Assert.Equal(WfpLayer.ConnectV4, permit.Layer);
        Assert.Equal(WfpAction.Permit, permit.Action);
        Assert.Equal([N(WfpField.Protocol, 6), N(WfpField.Protocol, 17), N(WfpField.RemotePort, 53), N(WfpField.RemotePort, 853),
            A(WfpField.RemoteAddress, "10.64.0.1/32"), new WfpInterfaceCondition("dvpn0")], permit.Conditions);
        Assert.True(permit.Weight > Single(filters, WfpFilterKind.DnsBlock, WfpLayer.ConnectV4).Weight);
    }

    [Fact]
    public void Plan_ConnectedIPv6_PermitsIPv6DnsOnlyToTheAssignedIPv6Server()
    {
        WfpFilter permit = Single(Plan(FirewallPolicies.ConnectedIPv6), WfpFilterKind.DnsPermit, WfpLayer.ConnectV6);

        Assert.Equal([A(WfpField.RemoteAddress, "fd00:64::1/128")], permit.Conditions.Where(c => c.Field == WfpField.RemoteAddress));
        Assert.Contains(new WfpInterfaceCondition("dvpn0"), permit.Conditions);
    }

    [Fact]
    public void Plan_Endpoints_OutweighTheDnsBlock()
    {
        // A provider's WireGuard on udp/53 carries ciphertext, not DNS (as in the nftables ruleset).
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicies.Connecting with { WireGuardEndpoints = [IPEndPoint.Parse("203.0.113.7:53")] });

        Assert.True(Single(filters, WfpFilterKind.WireGuardEndpoint, WfpLayer.ConnectV4).Weight > Single(filters, WfpFilterKind.DnsBlock, WfpLayer.ConnectV4).Weight);
    }

    [Fact]
    public void Plan_IPv6Blocked_PermitsTheTunnelForIPv4Only()
    {
        WfpFilter tunnel = Assert.Single(Of(Plan(FirewallPolicies.Connected), WfpFilterKind.Tunnel));

        Assert.Equal(WfpLayer.ConnectV4, tunnel.Layer);
        Assert.Equal([new WfpInterfaceCondition("dvpn0")], tunnel.Conditions);
    }

    [Fact]
    public void Plan_IPv6Tunnelled_PermitsTheTunnelForBothFamiliesOutgoing()
    {
        WfpFilter[] tunnel = Of(Plan(FirewallPolicies.ConnectedIPv6), WfpFilterKind.Tunnel);

        Assert.Equal([WfpLayer.ConnectV4, WfpLayer.ConnectV6], tunnel.Select(f => f.Layer));
        Assert.All(tunnel, f => Assert.Equal(WfpAction.Permit, f.Action));
    }

    [Fact]
    public void Plan_AllowLan_PermitsLanRangesOutAndLanHostsIn()
    {
        IReadOnlyList<WfpFilter> filters = Plan(FirewallPolicy.Lockdown(allowLan: true));

        Assert.Equal([A(WfpField.RemoteAddress, "10.0.0.0/8"), A(WfpField.RemoteAddress, "172.16.0.0/12"), A(WfpField.RemoteAddress, "192.168.0.0/16"),
                A(WfpField.RemoteAddress, "169.254.0.0/16"), A(WfpField.RemoteAddress, "224.0.0.0/24"), A(WfpField.RemoteAddress, "239.255.255.250/32"),
                A(WfpField.RemoteAddress, "239.255.255.251/32"), A(WfpField.RemoteAddress, "255.255.255.255/32")],
            Single(filters, WfpFilterKind.Lan, WfpLayer.ConnectV4).Conditions);
        Assert.Equal([A(WfpField.RemoteAddress, "10.0.0.0/8"), A(WfpField.RemoteAddress, "172.16.0.0/12"), A(WfpField.RemoteAddress, "192.168.0.0/16"),
                A(WfpField.RemoteAddress, "169.254.0.0/16")],
            Single(filters, WfpFilterKind.Lan, WfpLayer.RecvAcceptV4).Conditions);
        Assert.Equal([A(WfpField.RemoteAddress, "fe80::/10"), A(WfpField.RemoteAddress, "fc00::/7"), A(WfpField.RemoteAddress, "ff01::/16"),
                A(WfpField.RemoteAddress, "ff02::/16"), A(WfpField.RemoteAddress, "ff03::/16"), A(WfpField.RemoteAddress, "ff04::/16"),
                A(WfpField.RemoteAddress, "ff05::/16")],
            Single(filters, WfpFilterKind.Lan, WfpLayer.ConnectV6).Conditions);
        Assert.Equal([A(WfpField.RemoteAddress, "fe80::/10"), A(WfpField.RemoteAddress, "fc00::/7")],
            Single(filters, WfpFilterKind.Lan, WfpLayer.RecvAcceptV6).Conditions);
        Assert.All(Of(filters, WfpFilterKind.Lan), f => Assert.Equal(WfpAction.Permit, f.Action));
    }

    [Theory]
    [InlineData("Lockdown")]
    [InlineData("Connecting")]
    [InlineData("Connected")]
    [InlineData("ConnectedIPv6")]
    public void Plan_WithoutAllowLan_HasNoLanPermit(string name)
    {
        IReadOnlyList<WfpFilter> filters = Plan(Named(name));

        Assert.Empty(Of(filters, WfpFilterKind.Lan));
        Assert.DoesNotContain(filters, f => f.Action == WfpAction.Permit
            && f.Conditions.Contains(A(WfpField.RemoteAddress, "192.168.0.0/16")));
    }

    [Fact]
    public void Plan_DuplicateAndMappedEndpoints_AreMergedAsIPv4()
    {
        FirewallPolicy policy = FirewallPolicies.Connecting with
        {
            WireGuardEndpoints = [IPEndPoint.Parse("203.0.113.7:51820"), new IPEndPoint(IPAddress.Parse("203.0.113.7").MapToIPv6(), 51820)],
        };

        Assert.Equal([WfpLayer.ConnectV4, WfpLayer.RecvAcceptV4], Of(Plan(policy), WfpFilterKind.WireGuardEndpoint).Select(f => f.Layer));
    }

    [Fact]
    public void Plan_WindowsAliasWithSpaces_IsAccepted()
    {
        WfpFilter tunnel = Assert.Single(Of(Plan(FirewallPolicies.Connected with { TunnelInterface = "DvpnClient Tunnel 2" }), WfpFilterKind.Tunnel));

        Assert.Equal([new WfpInterfaceCondition("DvpnClient Tunnel 2")], tunnel.Conditions);
    }

    public static TheoryData<string> InvalidPolicies => ["dns without tunnel", "ipv6 dns with ipv6 blocked", "port 0", "multicast endpoint",
        "unspecified endpoint", "scoped dns", "control character alias", "empty alias", "overlong alias", "null endpoint"];

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void Plan_InvalidPolicy_Throws(string which)
    {
        FirewallPolicy policy = which switch
        {
            "dns without tunnel" => FirewallPolicies.Connecting with { DnsServers = [FirewallPolicies.Dns] },
            "ipv6 dns with ipv6 blocked" => FirewallPolicies.Connected with { DnsServers = [FirewallPolicies.Dns6] },
            "port 0" => FirewallPolicies.Connecting with { ChainEndpoints = [IPEndPoint.Parse("198.51.100.20:0")] },
            "multicast endpoint" => FirewallPolicies.Connecting with { WireGuardEndpoints = [IPEndPoint.Parse("224.0.0.1:51820")] },
            "unspecified endpoint" => FirewallPolicies.Connecting with { ProviderEndpoints = [IPEndPoint.Parse("[::]:8443")] },
            "scoped dns" => FirewallPolicies.ConnectedIPv6 with { DnsServers = [IPAddress.Parse("fe80::1%3")] },
            "control character alias" => FirewallPolicies.Connected with { TunnelInterface = "dvpn\n0" },
            "empty alias" => FirewallPolicies.Connected with { TunnelInterface = "" },
            "overlong alias" => FirewallPolicies.Connected with { TunnelInterface = new string('a', WfpFilterPlan.MaxInterfaceAliasLength + 1) },
            "null endpoint" => FirewallPolicies.Connecting with { WireGuardEndpoints = [null!] },
            _ => throw new ArgumentException(which, nameof(which)),
        };

        Assert.ThrowsAny<ArgumentException>(() => new WfpFilterPlan(policy));
    }

    [Fact]
    public void FilterKey_SameName_IsStableVersion8Uuid()
    {
        Guid key = WfpObjectKeys.FilterKey("x");

        Assert.Equal(key, WfpObjectKeys.FilterKey("x"));
        Assert.NotEqual(key, WfpObjectKeys.FilterKey("y"));
        Assert.Equal(8, key.Version);
        Assert.NotEqual(WfpObjectKeys.Provider, WfpObjectKeys.SubLayer);
    }
}
