using System.Net;
using Dvpn.Chain.Providers;
using Dvpn.Client.Events;
using Dvpn.Client.Firewall;
using Dvpn.Client.Options;
using Dvpn.Client.Tests.Firewall.Support;
using Dvpn.Client.Tests.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Client.Tests.Firewall;

/// <summary>
/// <see cref="TrafficGuard"/>: which policy each moment of the tunnel gets, in what order the kill switch and DNS are
/// changed, what lockdown and allow-LAN do, and that a refusal keeps the previous rules and says so.
/// </summary>
public sealed class TrafficGuardTests
{
    private static readonly IPEndPoint Chain = IPEndPoint.Parse("192.0.2.10:8545");
    private static readonly ProviderListing A = Listing("0x1111111111111111111111111111111111111111", "https://198.18.1.2:8443");
    private static readonly ProviderListing B = Listing("0x2222222222222222222222222222222222222222", "https://198.18.2.2:8443");
    private static readonly IPEndPoint WireGuard = IPEndPoint.Parse("198.18.1.2:51820");

    private readonly RecordingKillSwitch _killSwitch = new();
    private readonly List<string> _log = [];
    private readonly List<ClientEvent> _events = [];
    private readonly FirewallOptions _options = new();

    [Fact]
    public async Task Block_WhileSelecting_AllowsTheChainAndEveryListedSessionEndpoint_AndNoTunnel()
    {
        TrafficGuard guard = CreateGuard([A.Endpoint, B.Endpoint, new Uri("https://provider.example:8443")]);

        await guard.BlockAsync(null, CancellationToken.None);

        FirewallPolicy policy = Assert.IsType<FirewallPolicy>(Assert.Single(_killSwitch.Calls));
        Assert.Equal([Chain], policy.ChainEndpoints);
        Assert.Equal([IPEndPoint.Parse("198.18.1.2:8443"), IPEndPoint.Parse("198.18.2.2:8443")], policy.ProviderEndpoints); // a host name cannot be matched
        Assert.Null(policy.TunnelInterface);
        Assert.Empty(policy.WireGuardEndpoints);
        Assert.Empty(policy.DnsServers);
        Assert.Equal(FirewallMode.Blocking, guard.Status.Mode);
        FirewallChanged changed = Assert.IsType<FirewallChanged>(Assert.Single(_events));
        Assert.Equal(guard.Status, changed.Status);
    }

    [Fact]
    public async Task Block_WithTheChosenProvider_AllowsOnlyItsSessionEndpoint()
    {
        TrafficGuard guard = CreateGuard([A.Endpoint, B.Endpoint]);

        await guard.BlockAsync(B, CancellationToken.None);

        FirewallPolicy policy = Assert.IsType<FirewallPolicy>(Assert.Single(_killSwitch.Calls));
        Assert.Equal([IPEndPoint.Parse("198.18.2.2:8443")], policy.ProviderEndpoints);
        Assert.Equal([Chain], policy.ChainEndpoints);
    }

    [Fact]
    public async Task OpenTunnel_AllowsTheTunnelTheWireGuardEndpointAndTheProvidersDns_ThenPointsDnsAtIt()
    {
        var dns = new RecordingDns(_log);
        TrafficGuard guard = CreateGuard([A.Endpoint], dns);

        await guard.OpenTunnelAsync(Opening(ipv6: true, "203.0.113.54", "2001:db8::53"), CancellationToken.None);

        FirewallPolicy policy = Assert.IsType<FirewallPolicy>(Assert.Single(_killSwitch.Calls));
        Assert.Equal("dvpn0", policy.TunnelInterface);
        Assert.Equal([WireGuard], policy.WireGuardEndpoints);
        Assert.Equal([IPEndPoint.Parse("198.18.1.2:8443")], policy.ProviderEndpoints);
        Assert.Equal([IPAddress.Parse("203.0.113.54"), IPAddress.Parse("2001:db8::53")], policy.DnsServers);
        Assert.True(policy.TunnelIPv6);
        Assert.Equal(FirewallMode.Tunnel, guard.Status.Mode);
        Assert.Equal(["dns dvpn0 203.0.113.54,2001:db8::53"], _log);
    }

    [Fact]
    public async Task OpenTunnel_WithoutIPv6_BlocksIPv6AndLeavesIPv6DnsServersOut()
    {
        var dns = new RecordingDns(_log);
        TrafficGuard guard = CreateGuard([], dns);

        await guard.OpenTunnelAsync(Opening(ipv6: false, "2001:db8::53", "203.0.113.54"), CancellationToken.None);

        FirewallPolicy policy = Assert.IsType<FirewallPolicy>(Assert.Single(_killSwitch.Calls));
        Assert.False(policy.TunnelIPv6);
        Assert.Equal([IPAddress.Parse("203.0.113.54")], policy.DnsServers);
        Assert.Equal([IPAddress.Parse("203.0.113.54")], dns.Servers);
    }

    [Fact]
    public async Task OpenTunnel_WithCustomDns_UsesThemInsteadOfTheProviders()
    {
        _options.CustomDns = ["9.9.9.9", "149.112.112.112"];
        var dns = new RecordingDns(_log);
        TrafficGuard guard = CreateGuard([], dns);

        await guard.OpenTunnelAsync(Opening(ipv6: false, "203.0.113.54"), CancellationToken.None);

        Assert.Equal([IPAddress.Parse("9.9.9.9"), IPAddress.Parse("149.112.112.112")], _killSwitch.Calls[0]!.DnsServers);
        Assert.Equal(["dns dvpn0 9.9.9.9,149.112.112.112"], _log);
    }

    [Fact]
    public async Task Release_WithLockdownOff_RemovesTheRulesAndRestoresDns()
    {
        var dns = new RecordingDns(_log);
        TrafficGuard guard = CreateGuard([], dns);
        await guard.OpenTunnelAsync(Opening(ipv6: false, "203.0.113.54"), CancellationToken.None);

        await guard.ReleaseAsync(CancellationToken.None);

        Assert.Null(_killSwitch.Calls[^1]);
        Assert.Null(_killSwitch.Installed);
        Assert.Equal("dns restore", _log[^1]);
        Assert.Equal(FirewallMode.Off, guard.Status.Mode);
    }

    [Fact]
    public async Task Release_WithLockdown_KeepsBlockingWithNothingButLockdownsExceptions()
    {
        _options.Lockdown = true;
        _options.AllowLan = true;
        TrafficGuard guard = CreateGuard([A.Endpoint]);
        await guard.BlockAsync(A, CancellationToken.None);

        await guard.ReleaseAsync(CancellationToken.None);

        FirewallPolicy policy = Assert.IsType<FirewallPolicy>(_killSwitch.Calls[^1]);
        Assert.Empty(policy.ChainEndpoints);
        Assert.Empty(policy.ProviderEndpoints);
        Assert.True(policy.AllowLan);
        Assert.Equal(new FirewallStatus(FirewallMode.Blocking, "recording", true, true, null), guard.Status);
    }

    [Fact]
    public async Task Refresh_AfterLockdownIsTurnedOnAndOffWhileDisconnected_BlocksThenRemovesTheRules()
    {
        TrafficGuard guard = CreateGuard([]);
        await guard.ReleaseAsync(CancellationToken.None);
        Assert.Null(_killSwitch.Installed);

        _options.Lockdown = true;
        await guard.RefreshAsync(CancellationToken.None);
        Assert.NotNull(_killSwitch.Installed);
        Assert.True(guard.Status is { Mode: FirewallMode.Blocking, Lockdown: true });

        _options.Lockdown = false;
        await guard.RefreshAsync(CancellationToken.None);
        Assert.Null(_killSwitch.Installed);
        Assert.Equal(FirewallMode.Off, guard.Status.Mode);
    }

    [Fact]
    public async Task Refresh_AfterAllowLanChangesWhileConnected_KeepsTheTunnelAndOpensTheLan()
    {
        TrafficGuard guard = CreateGuard([]);
        await guard.OpenTunnelAsync(Opening(ipv6: false, "203.0.113.54"), CancellationToken.None);

        _options.AllowLan = true;
        await guard.RefreshAsync(CancellationToken.None);

        FirewallPolicy policy = Assert.IsType<FirewallPolicy>(_killSwitch.Calls[^1]);
        Assert.Equal("dvpn0", policy.TunnelInterface);
        Assert.True(policy.AllowLan);
        Assert.True(guard.Status is { Mode: FirewallMode.Tunnel, AllowLan: true });
    }

    [Fact]
    public async Task Refused_Throws_KeepsThePreviousRulesAndReportsTheError()
    {
        TrafficGuard guard = CreateGuard([A.Endpoint]);
        await guard.BlockAsync(null, CancellationToken.None);
        FirewallPolicy before = _killSwitch.Installed!;
        _killSwitch.Refuse = new FirewallException(FirewallFailure.Refused, "nft: syntax error");

        FirewallException e = await Assert.ThrowsAsync<FirewallException>(() => guard.OpenTunnelAsync(Opening(ipv6: false, "203.0.113.54"), CancellationToken.None));

        Assert.Equal(FirewallFailure.Refused, e.Failure);
        Assert.Same(before, _killSwitch.Installed);
        Assert.Equal(FirewallMode.Blocking, guard.Status.Mode);
        Assert.Equal("nft: syntax error", guard.Status.Error);
        Assert.Equal("nft: syntax error", Assert.IsType<FirewallChanged>(_events[^1]).Status.Error);
    }

    [Fact]
    public async Task Shutdown_WhileSecured_KeepsBlockingWithoutTheTunnel_AndRestoresDns()
    {
        var dns = new RecordingDns(_log);
        TrafficGuard guard = CreateGuard([A.Endpoint], dns);
        await guard.OpenTunnelAsync(Opening(ipv6: false, "203.0.113.54"), CancellationToken.None);

        await guard.ShutdownAsync(keepBlocking: true);

        FirewallPolicy policy = Assert.IsType<FirewallPolicy>(_killSwitch.Installed);
        Assert.Null(policy.TunnelInterface);
        Assert.Empty(policy.WireGuardEndpoints);
        Assert.Equal("dns restore", _log[^1]);
        Assert.Equal(FirewallMode.Blocking, guard.Status.Mode);
    }

    [Fact]
    public async Task Shutdown_WhileUnsecured_RemovesTheRules()
    {
        TrafficGuard guard = CreateGuard([]);
        await guard.BlockAsync(null, CancellationToken.None);

        await guard.ShutdownAsync(keepBlocking: false);

        Assert.Null(_killSwitch.Installed);
        Assert.Equal(FirewallMode.Off, guard.Status.Mode);
    }

    [Fact]
    public async Task KillSwitchOff_ChangesNoRules_ButStillManagesDns()
    {
        var dns = new RecordingDns(_log);
        var guard = new TrafficGuard(null, dns, _options, [Chain], _ => Task.FromResult<IReadOnlyList<Uri>>([]), _events.Add, NullLogger.Instance);

        await guard.BlockAsync(null, CancellationToken.None);
        await guard.OpenTunnelAsync(Opening(ipv6: false, "203.0.113.54"), CancellationToken.None);

        Assert.Equal(new FirewallStatus(FirewallMode.Off, "", false, false, null), guard.Status);
        Assert.Equal(["dns dvpn0 203.0.113.54"], _log);
    }

    [Fact]
    public async Task ConcurrentChanges_NeverOverlapInTheKillSwitch_AndTheLastOneStays()
    {
        _killSwitch.Delay = TimeSpan.FromMilliseconds(5);
        TrafficGuard guard = CreateGuard([A.Endpoint, B.Endpoint]);

        Task[] changes = [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? guard.BlockAsync(A, CancellationToken.None) : guard.BlockAsync(B, CancellationToken.None))];
        await Task.WhenAll(changes);
        await guard.BlockAsync(null, CancellationToken.None);

        Assert.False(_killSwitch.Overlapped);
        Assert.Equal(21, _killSwitch.Calls.Count);
        Assert.Equal(2, _killSwitch.Installed!.ProviderEndpoints.Count);
    }

    [Fact]
    public void DnsServers_MapsIPv4MappedAddressesAndDropsDuplicates()
    {
        TunnelOpening opening = Opening(ipv6: false, "::ffff:203.0.113.54", "203.0.113.54", "198.51.100.53");

        Assert.Equal([IPAddress.Parse("203.0.113.54"), IPAddress.Parse("198.51.100.53")], TrafficGuard.DnsServers(opening, []));
    }

    private TrafficGuard CreateGuard(IReadOnlyList<Uri> listed, RecordingDns? dns = null) =>
        new(_killSwitch, dns, _options, [Chain], _ => Task.FromResult(listed), _events.Add, NullLogger.Instance);

    private static TunnelOpening Opening(bool ipv6, params string[] dns) =>
        new("dvpn0", WireGuard, A, [.. dns.Select(IPAddress.Parse)], ipv6);

    private static ProviderListing Listing(string address, string endpoint) =>
        ScriptedSessions.Listing(address) with { Endpoint = new Uri(endpoint) };
}
