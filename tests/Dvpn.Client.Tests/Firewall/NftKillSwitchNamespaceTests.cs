using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.Client.Firewall;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.Client.Tests.Firewall;

/// <summary>
/// The kill switch applied with the real nft inside a fresh network namespace ("client"), joined by a veth pair to a
/// second one ("internet", 198.18.0.2 and .3, outside every LAN range). Needs root, iproute2 and nftables; fails
/// when they are missing.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class NftKillSwitchNamespaceTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly IPAddress Allowed = IPAddress.Parse("198.18.0.2");
    private static readonly IPAddress Other = IPAddress.Parse("198.18.0.3");
    private const int WireGuardPort = 51820;
    private const int OtherPort = 9999;

    private NetworkLab _lab = null!;
    private NetworkHost _client = null!;
    private NetworkHost _internet = null!;
    private NftKillSwitch _killSwitch = null!;

    public async Task InitializeAsync()
    {
        _lab = await NetworkLab.CreateAsync(CancellationToken.None);
        _client = await _lab.AddHostAsync("client", CancellationToken.None);
        _internet = await _lab.AddHostAsync("internet", CancellationToken.None);

        // No IPv6 on the client's links: their link-up chatter (DAD, MLD, router solicitations) would otherwise race
        // with the exact drop counts below. The IPv6 rules are covered by the structural tests and the kernel check.
        (await _client.RunAsync(["sysctl", "-w", "net.ipv6.conf.default.disable_ipv6=1"])).EnsureSuccess();
        (_, HostInterface internetSide) = await _lab.ConnectAsync(_client, "198.18.0.1/24", _internet, "198.18.0.2/24", CancellationToken.None);
        await _internet.AddAddressAsync(internetSide.Name, InterfaceAddress.Parse("198.18.0.3/24"), CancellationToken.None);
        _killSwitch = new NftKillSwitch(_client.ExecPrefix);
    }

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    private static FirewallPolicy ConnectingTo(IPAddress address) => new()
    {
        WireGuardEndpoints = [new IPEndPoint(address, WireGuardPort)],
    };

    [Fact]
    public async Task ApplyAsync_EveryPolicyShape_NftAcceptsItAndTableExists()
    {
        CancellationToken ct = CancellationToken.None; // xunit v2 has no test cancellation token
        Assert.False(await _killSwitch.IsInstalledAsync(ct));

        foreach (FirewallPolicy policy in FirewallPolicies.All())
        {
            await _killSwitch.ApplyAsync(policy, ct);
            Assert.True(await _killSwitch.IsInstalledAsync(ct));
        }

        CommandResult listed = await _client.RunAsync(["nft", "list", "table", "inet", NftKillSwitchRuleset.TableName], cancellationToken: ct);
        Assert.Contains("policy drop", listed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_Connecting_UdpToEndpointPassesOtherDestinationsDropped()
    {
        CancellationToken ct = CancellationToken.None; // xunit v2 has no test cancellation token
        using Socket wireGuard = Bind(_internet, new IPEndPoint(IPAddress.Any, WireGuardPort));
        using Socket other = Bind(_internet, new IPEndPoint(IPAddress.Any, OtherPort));
        using Socket sender = _client.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await _killSwitch.ApplyAsync(ConnectingTo(Allowed), ct);

        Assert.False(TrySend(sender, new IPEndPoint(Allowed, OtherPort)), "a datagram to another port of the endpoint left");
        Assert.False(TrySend(sender, new IPEndPoint(Other, WireGuardPort)), "a datagram to another address left");
        Assert.False(TrySend(sender, new IPEndPoint(Other, 53)), "a DNS datagram left");
        Assert.True(TrySend(sender, new IPEndPoint(Allowed, WireGuardPort)), "the datagram to the endpoint was refused");

        Assert.Equal(3, await ReceiveAsync(wireGuard, ct));
        Assert.Equal(0, other.Available);
        Assert.Equal(2, await _killSwitch.ReadCounterAsync(NftKillSwitchRuleset.DroppedOutputCounter, ct));
        Assert.Equal(1, await _killSwitch.ReadCounterAsync(NftKillSwitchRuleset.DroppedDnsCounter, ct));
    }

    [Fact]
    public async Task ApplyAsync_ConnectedWithDns_DnsOnlyToAssignedServerThroughTunnel()
    {
        CancellationToken ct = CancellationToken.None; // xunit v2 has no test cancellation token
        // A second veth pair to the internet host stands for the tunnel (no dummy or WireGuard module needed):
        // a datagram sent on it passed the rules.
        (HostInterface tunnelLink, _) = await _lab.ConnectAsync(_client, "10.64.0.2/24", _internet, "10.64.0.1/24", ct);
        string tunnel = tunnelLink.Name;
        IPAddress dns = IPAddress.Parse("10.64.0.1");
        IPAddress otherInTunnel = IPAddress.Parse("10.64.0.9");
        using Socket sender = _client.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await _killSwitch.ApplyAsync(ConnectingTo(Allowed) with { TunnelInterface = tunnel, DnsServers = [dns] }, ct);

        Assert.True(TrySend(sender, new IPEndPoint(dns, 53)), "DNS to the assigned server through the tunnel was dropped");
        Assert.True(TrySend(sender, new IPEndPoint(otherInTunnel, 443)), "other traffic through the tunnel was dropped");
        Assert.False(TrySend(sender, new IPEndPoint(otherInTunnel, 53)), "DNS to another server through the tunnel left");
        Assert.False(TrySend(sender, new IPEndPoint(Other, 53)), "DNS outside the tunnel left");
        Assert.False(TrySend(sender, new IPEndPoint(Other, 443)), "traffic outside the tunnel left");

        Assert.Equal(2, await _killSwitch.ReadCounterAsync(NftKillSwitchRuleset.DroppedDnsCounter, ct));
        Assert.Equal(1, await _killSwitch.ReadCounterAsync(NftKillSwitchRuleset.DroppedOutputCounter, ct));
    }

    [Fact]
    public async Task ApplyAsync_ProviderEndpoint_TcpConnectionWorksBothWaysOtherPortRefused()
    {
        CancellationToken ct = CancellationToken.None; // xunit v2 has no test cancellation token
        using Socket listener = _internet.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 8443));
        listener.Listen();
        using Socket otherListener = _internet.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        otherListener.Bind(new IPEndPoint(IPAddress.Any, 8444));
        otherListener.Listen();
        await _killSwitch.ApplyAsync(new FirewallPolicy { ProviderEndpoints = [new IPEndPoint(Allowed, 8443)] }, ct);

        using Socket client = _client.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using CancellationTokenSource deadline = new(Deadline);
        await client.ConnectAsync(new IPEndPoint(Allowed, 8443), deadline.Token);
        using Socket accepted = await listener.AcceptAsync(deadline.Token);
        await accepted.SendAsync("hello"u8.ToArray(), SocketFlags.None, deadline.Token);
        byte[] buffer = new byte[16];
        int received = await client.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);

        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(buffer, 0, received));
        // A dropped SYN is retransmitted, not refused: wait until the drop counter saw it, then check nothing arrived.
        using Socket refused = _client.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using CancellationTokenSource attempt = new();
        Task connecting = refused.ConnectAsync(new IPEndPoint(Allowed, 8444), attempt.Token).AsTask();
        Assert.True(await PollAsync(async () => await _killSwitch.ReadCounterAsync(NftKillSwitchRuleset.DroppedOutputCounter, ct) >= 1),
            "the SYN to the other port was not dropped");
        Assert.False(connecting.IsCompletedSuccessfully, "the connection to the other port was made");
        Assert.False(otherListener.Poll(0, SelectMode.SelectRead), "the other listener saw a connection");
        await attempt.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting);
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        long start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < Deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    [Fact]
    public async Task ApplyAsync_NewPolicy_ReplacesTheOldOneCompletely()
    {
        CancellationToken ct = CancellationToken.None; // xunit v2 has no test cancellation token
        using Socket receiver = Bind(_internet, new IPEndPoint(IPAddress.Any, WireGuardPort));
        using Socket sender = _client.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await _killSwitch.ApplyAsync(ConnectingTo(Allowed), ct);
        Assert.True(TrySend(sender, new IPEndPoint(Allowed, WireGuardPort)), "the first endpoint was refused");

        await _killSwitch.ApplyAsync(ConnectingTo(Other), ct);

        Assert.False(TrySend(sender, new IPEndPoint(Allowed, WireGuardPort)), "the old endpoint is still allowed");
        Assert.True(TrySend(sender, new IPEndPoint(Other, WireGuardPort)), "the new endpoint was refused");
        CommandResult tables = await _client.RunAsync(["nft", "list", "tables"], cancellationToken: ct);
        Assert.Single(tables.StandardOutput.Split('\n'), l => l.Contains(NftKillSwitchRuleset.TableName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ApplyAsync_Lockdown_LanHostReachableOnlyWithAllowLan(bool allowLan)
    {
        CancellationToken ct = CancellationToken.None; // xunit v2 has no test cancellation token
        await _lab.ConnectAsync(_client, "192.168.77.2/24", _internet, "192.168.77.1/24", ct);
        using Socket lanReceiver = Bind(_internet, new IPEndPoint(IPAddress.Parse("192.168.77.1"), OtherPort));
        using Socket sender = _client.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await _killSwitch.ApplyAsync(FirewallPolicy.Lockdown(allowLan), ct);

        Assert.Equal(allowLan, TrySend(sender, new IPEndPoint(IPAddress.Parse("192.168.77.1"), OtherPort)));
        Assert.False(TrySend(sender, new IPEndPoint(Allowed, OtherPort)), "the internet was reachable in lockdown");
        if (allowLan)
        {
            Assert.Equal(3, await ReceiveAsync(lanReceiver, ct));
        }
    }

    [Fact]
    public async Task RemoveAsync_AfterApply_NoTableAndTrafficFlowsAgain()
    {
        CancellationToken ct = CancellationToken.None; // xunit v2 has no test cancellation token
        using Socket other = Bind(_internet, new IPEndPoint(IPAddress.Any, OtherPort));
        using Socket sender = _client.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await _killSwitch.ApplyAsync(FirewallPolicy.Lockdown(allowLan: false), ct);
        Assert.False(TrySend(sender, new IPEndPoint(Other, OtherPort)), "lockdown let a datagram out");

        await _killSwitch.RemoveAsync(ct);
        await _killSwitch.RemoveAsync(ct); // idempotent

        Assert.False(await _killSwitch.IsInstalledAsync(ct));
        CommandResult tables = await _client.RunAsync(["nft", "list", "tables"], cancellationToken: ct);
        Assert.DoesNotContain(NftKillSwitchRuleset.TableName, tables.StandardOutput, StringComparison.Ordinal);
        Assert.True(TrySend(sender, new IPEndPoint(Other, OtherPort)), "still blocked after removal");
        Assert.Equal(3, await ReceiveAsync(other, ct));
    }

    [Fact]
    public async Task ApplyReplaceRemove_LeaveOtherTablesUntouched()
    {
        CancellationToken ct = CancellationToken.None; // xunit v2 has no test cancellation token
        // Stand-ins for Docker's iptables-nft table and another firewall's inet table, with rules and counters.
        const string others = """
            table ip docker_like {
                chain forward { type filter hook forward priority 0; policy accept; ip saddr 172.17.0.0/16 counter accept; }
            }
            table inet other_fw {
                chain output { type filter hook output priority 0; policy accept; tcp dport 22 counter accept; }
            }
            """;
        (await _client.RunWithInputAsync(["nft", "-f", "-"], others, cancellationToken: ct)).EnsureSuccess();
        string before = (await _client.RunAsync(["nft", "list", "ruleset"], cancellationToken: ct)).EnsureSuccess().StandardOutput;

        await _killSwitch.ApplyAsync(FirewallPolicy.Lockdown(allowLan: true), ct);
        await _killSwitch.ApplyAsync(ConnectingTo(Allowed), ct);
        string during = (await _client.RunAsync(["nft", "list", "ruleset"], cancellationToken: ct)).EnsureSuccess().StandardOutput;
        await _killSwitch.RemoveAsync(ct);
        string after = (await _client.RunAsync(["nft", "list", "ruleset"], cancellationToken: ct)).EnsureSuccess().StandardOutput;

        Assert.Equal(before, after);
        Assert.Contains("table ip docker_like", during, StringComparison.Ordinal);
        Assert.Contains("table inet other_fw", during, StringComparison.Ordinal);
        Assert.Contains($"table inet {NftKillSwitchRuleset.TableName}", during, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_NftMissing_ThrowsToolMissing()
    {
        NftKillSwitch missing = new([], "/nonexistent/nft");

        FirewallException e = await Assert.ThrowsAsync<FirewallException>(
            () => missing.ApplyAsync(FirewallPolicy.Lockdown(allowLan: false), CancellationToken.None));

        Assert.Equal(FirewallFailure.ToolMissing, e.Failure);
    }

    [Fact]
    public async Task ApplyAsync_NotRoot_ThrowsPermissionDenied()
    {
        // nft as nobody, inside the lab namespace (should it succeed after all, only the namespace is affected).
        NftKillSwitch unprivileged = new([.. _client.ExecPrefix, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]);

        FirewallException apply = await Assert.ThrowsAsync<FirewallException>(
            () => unprivileged.ApplyAsync(FirewallPolicy.Lockdown(allowLan: false), CancellationToken.None));
        FirewallException read = await Assert.ThrowsAsync<FirewallException>(() => unprivileged.IsInstalledAsync(CancellationToken.None));

        Assert.Equal(FirewallFailure.PermissionDenied, apply.Failure);
        Assert.Equal(FirewallFailure.PermissionDenied, read.Failure);
        Assert.False(await _killSwitch.IsInstalledAsync(CancellationToken.None));
    }

    private static Socket Bind(NetworkHost host, IPEndPoint endpoint)
    {
        Socket socket = host.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(endpoint);
        return socket;
    }

    // A datagram dropped in the output hook never leaves: sendto fails with EPERM, and the drop counter counts it.
    private static bool TrySend(Socket socket, IPEndPoint destination)
    {
        try
        {
            socket.SendTo("abc"u8, destination);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            return false;
        }
    }

    private static async Task<int> ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        byte[] buffer = new byte[64];
        return await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
    }
}
