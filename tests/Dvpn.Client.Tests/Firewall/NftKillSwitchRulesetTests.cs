using System.Net;
using Dvpn.Client.Firewall;

namespace Dvpn.Client.Tests.Firewall;

public sealed class NftKillSwitchRulesetTests
{
    private static string Script(FirewallPolicy policy) => new NftKillSwitchRuleset(policy).BuildApplyScript();

    private static string[] Lines(string script) => script.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // The whole lockdown table, so that any change to the rules shows up in review.
    private const string LockdownGolden = """
        table inet dvpn_killswitch
        delete table inet dvpn_killswitch
        table inet dvpn_killswitch {
        	counter dropped_output { }
        	counter dropped_input { }
        	counter dropped_forward { }
        	counter dropped_dns { }
        	chain output {
        		type filter hook output priority filter - 10; policy drop;
        		oifname "lo" accept
        		meta nfproto ipv4 udp sport 68 udp dport 67 accept
        		ip6 saddr fe80::/10 ip6 daddr ff02::1:2 udp sport 546 udp dport 547 accept
        		icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept
        		ip6 daddr ff02::/16 ip6 hoplimit 1 icmpv6 type { mld-listener-report, mld2-listener-report } accept
        		meta l4proto { tcp, udp } th dport { 53, 853 } counter name dropped_dns drop
        		counter name dropped_output drop
        	}
        	chain input {
        		type filter hook input priority filter - 10; policy drop;
        		iifname "lo" accept
        		meta nfproto ipv4 udp sport 67 udp dport 68 accept
        		ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept
        		icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept
        		meta l4proto { icmp, ipv6-icmp } ct state related accept
        		counter name dropped_input drop
        	}
        	chain forward {
        		type filter hook forward priority filter - 10; policy drop;
        		meta l4proto { tcp, udp } th dport { 53, 853 } counter name dropped_dns drop
        		counter name dropped_forward drop
        	}
        }

        """;

    [Fact]
    public void BuildApplyScript_Lockdown_IsOnlyLoopbackDhcpAndNdp()
    {
        Assert.Equal(LockdownGolden.ReplaceLineEndings("\n"), Script(FirewallPolicies.Lockdown));
    }

    [Fact]
    public void BuildApplyScript_Any_ReplacesOwnTableInOneScript()
    {
        foreach (FirewallPolicy policy in FirewallPolicies.All())
        {
            string[] lines = Lines(Script(policy));
            Assert.Equal(["table inet dvpn_killswitch", "delete table inet dvpn_killswitch", "table inet dvpn_killswitch {"], lines[..3]);
            Assert.Equal("}", lines[^1]);
            Assert.All(lines.Where(l => l.StartsWith("table", StringComparison.Ordinal) || l.Contains(" table ", StringComparison.Ordinal)),
                l => Assert.Contains("inet dvpn_killswitch", l, StringComparison.Ordinal));
            Assert.Equal(3, lines.Count(l => l.EndsWith("priority filter - 10; policy drop;", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void BuildApplyScript_LockdownWithLan_AcceptsLanRangesAndNoInternet()
    {
        string script = Script(FirewallPolicy.Lockdown(allowLan: true));

        Assert.Contains("ip daddr { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16 } accept", script, StringComparison.Ordinal);
        Assert.Contains("ip daddr { 224.0.0.0/24, 239.255.255.250, 239.255.255.251, 255.255.255.255 } accept", script, StringComparison.Ordinal);
        Assert.Contains("ip6 daddr { fe80::/10, fc00::/7 } accept", script, StringComparison.Ordinal);
        Assert.Contains("ip saddr { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16 } accept", script, StringComparison.Ordinal);
        Assert.DoesNotContain("oifname \"dvpn", script, StringComparison.Ordinal);
        Assert.DoesNotContain("tcp dport", script, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildApplyScript_Connecting_AllowsExactlyTheEndpoints()
    {
        string[] lines = Lines(Script(FirewallPolicies.Connecting));

        Assert.Contains("ip daddr 203.0.113.7 udp dport 51820 accept", lines);
        Assert.Contains("ip saddr 203.0.113.7 udp sport 51820 accept", lines);
        Assert.Contains("ip daddr 203.0.113.7 tcp dport 8443 accept", lines);
        Assert.Contains("ip saddr 203.0.113.7 tcp sport 8443 ct state established,related accept", lines);
        Assert.Contains("ip daddr 198.51.100.20 tcp dport 8545 accept", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("oifname \"dvpn", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("10.0.0.0/8", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildApplyScript_ConnectedWithDns_DnsOnlyToAssignedServerThroughTunnelBeforeTunnelAccept()
    {
        string[] lines = Lines(Script(FirewallPolicies.Connected));
        int output = Array.IndexOf(lines, "chain output {");
        int input = Array.IndexOf(lines, "chain input {");
        string[] outputChain = lines[output..input];

        int dnsAccept = Array.IndexOf(outputChain, "oifname \"dvpn0\" ip daddr { 10.64.0.1 } meta l4proto { tcp, udp } th dport { 53, 853 } accept");
        int dnsDrop = Array.IndexOf(outputChain, "meta l4proto { tcp, udp } th dport { 53, 853 } counter name dropped_dns drop");
        int tunnel = Array.IndexOf(outputChain, "oifname \"dvpn0\" meta nfproto ipv4 accept");
        Assert.True(dnsAccept > 0 && dnsDrop > dnsAccept && tunnel > dnsDrop, string.Join('\n', outputChain));
        Assert.Contains("iifname \"dvpn0\" meta nfproto ipv4 ct state established,related accept", lines);
    }

    [Fact]
    public void BuildApplyScript_IPv6Blocked_TunnelRulesAreIPv4Only()
    {
        string[] tunnelRules = [.. Lines(Script(FirewallPolicies.Connected)).Where(l => l.Contains("\"dvpn0\"", StringComparison.Ordinal) && !l.Contains("th dport", StringComparison.Ordinal))];

        Assert.Equal(4, tunnelRules.Length); // output, input, forward out and forward in
        Assert.All(tunnelRules, l => Assert.Contains("meta nfproto ipv4", l, StringComparison.Ordinal));
    }

    [Fact]
    public void BuildApplyScript_IPv6Tunnelled_TunnelRulesTakeBothFamiliesAndIPv6Dns()
    {
        string[] lines = Lines(Script(FirewallPolicies.ConnectedIPv6));

        Assert.Contains("oifname \"dvpn0\" accept", lines);
        Assert.Contains("iifname \"dvpn0\" ct state established,related accept", lines);
        Assert.Contains("oifname \"dvpn0\" ip6 daddr { fd00:64::1 } meta l4proto { tcp, udp } th dport { 53, 853 } accept", lines);
        Assert.Contains("ip6 daddr 2001:db8::7 udp dport 51820 accept", lines);
        Assert.DoesNotContain(lines, l => l.Contains("meta nfproto ipv4 accept", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildApplyScript_FirewallMark_AcceptsMarkedPacketsAndTheirAnswers()
    {
        string[] lines = Lines(Script(FirewallPolicies.Connected with { FirewallMark = 0xca6c }));

        Assert.Contains("meta mark 0x0000ca6c ct mark set 0x0000ca6c accept", lines);
        Assert.Contains("ct mark 0x0000ca6c accept", lines);
    }

    [Fact]
    public void BuildApplyScript_DuplicateAndMappedEndpoints_OneRuleInIPv4Form()
    {
        FirewallPolicy policy = FirewallPolicies.Lockdown with
        {
            WireGuardEndpoints = [FirewallPolicies.WireGuard, IPEndPoint.Parse("[::ffff:203.0.113.7]:51820")],
        };

        string[] lines = Lines(Script(policy));

        Assert.Single(lines, l => l == "ip daddr 203.0.113.7 udp dport 51820 accept");
        Assert.DoesNotContain(lines, l => l.Contains("::ffff", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("wg 0")]
    [InlineData("wg\"0")]
    [InlineData("wg0\" accept")]
    [InlineData("wg0;flush")]
    [InlineData("wg0\n")]
    [InlineData("wg0}")]
    [InlineData("wg0#")]
    [InlineData("wg/0")]
    [InlineData("..")]
    [InlineData("lo")]
    [InlineData("a23456789012345b")]
    public void Constructor_HostileInterfaceName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new NftKillSwitchRuleset(FirewallPolicies.Connected with { TunnelInterface = name }));
    }

    [Theory]
    [InlineData("0.0.0.0:51820")]
    [InlineData("[::]:51820")]
    [InlineData("255.255.255.255:51820")]
    [InlineData("239.1.2.3:51820")]
    [InlineData("[ff02::1]:51820")]
    [InlineData("[fe80::1%2]:51820")]
    [InlineData("203.0.113.7:0")]
    public void Constructor_InvalidEndpoint_Throws(string endpoint)
    {
        IPEndPoint parsed = IPEndPoint.Parse(endpoint);

        Assert.Throws<ArgumentException>(() => new NftKillSwitchRuleset(FirewallPolicies.Lockdown with { WireGuardEndpoints = [parsed] }));
        Assert.Throws<ArgumentException>(() => new NftKillSwitchRuleset(FirewallPolicies.Lockdown with { ChainEndpoints = [parsed] }));
    }

    [Fact]
    public void Constructor_DnsWithoutTunnel_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NftKillSwitchRuleset(FirewallPolicies.Connecting with { DnsServers = [FirewallPolicies.Dns] }));
    }

    [Fact]
    public void Constructor_IPv6DnsWhileIPv6Blocked_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NftKillSwitchRuleset(FirewallPolicies.Connected with { DnsServers = [FirewallPolicies.Dns6] }));
    }

    [Fact]
    public void Constructor_ZeroMark_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NftKillSwitchRuleset(FirewallPolicies.Connected with { FirewallMark = 0 }));
    }

    [Fact]
    public void BuildRemoveScript_Always_CreatesThenDeletesOwnTable()
    {
        Assert.Equal("table inet dvpn_killswitch\ndelete table inet dvpn_killswitch\n", NftKillSwitchRuleset.BuildRemoveScript());
    }

    [Theory]
    [InlineData("table inet t {\n\tcounter dropped_output {\n\t\tpackets 17 bytes 1020\n\t}\n}\n", true, 17)]
    [InlineData("counter c { packets 0 bytes 0 }", true, 0)]
    [InlineData("counter c { bytes 0 }", false, 0)]
    [InlineData("packets -1", false, 0)]
    [InlineData("packets", false, 0)]
    public void TryReadPackets_Text_ReadsCount(string text, bool expected, long expectedPackets)
    {
        Assert.Equal(expected, NftCounterText.TryReadPackets(text, out long packets));
        Assert.Equal(expectedPackets, packets);
    }
}
