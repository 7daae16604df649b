using Dvpn.WireGuard.Configuration;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Linux;

namespace Dvpn.WireGuard.Tests.Linux;

/// <summary>
/// TunnelRouting in a throwaway namespace: an uplink (veth, 192.0.2.2/24 and 2001:db8:1::2/64, default routes via .1
/// and ::1) and a tunnel (a real TUN device, tun0).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TunnelRoutingTests : IDisposable
{
    private static readonly IPAddress Endpoint = IPAddress.Parse("203.0.113.7");

    private readonly LinuxTestNamespace _ns = LinuxTestNamespace.Create();
    private readonly RtNetlinkInterfaceControl _control;
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("dvt-routing-").FullName;

    public TunnelRoutingTests()
    {
        try
        {
            _ns.IpIn("link", "add", "up0", "type", "veth", "peer", "name", "up0p");
            _ns.IpIn("tuntap", "add", "tun0", "mode", "tun");
            _control = RtNetlinkInterfaceControl.OpenInNamespace(_ns.Name);
            foreach (string link in new[] { "up0", "up0p", "tun0" })
            {
                _control.SetLinkStateAsync(link, true).GetAwaiter().GetResult();
            }

            _control.AddAddressAsync("up0", IPAddress.Parse("192.0.2.2"), 24).GetAwaiter().GetResult();
            _control.AddAddressAsync("up0", IPAddress.Parse("2001:db8:1::2"), 64).GetAwaiter().GetResult();
            _control.AddAddressAsync("tun0", InterfaceAddress.Parse("10.66.0.2/32")).GetAwaiter().GetResult();
            _ns.IpIn("route", "add", "default", "via", "192.0.2.1", "dev", "up0");
            _ns.IpIn("-6", "route", "add", "default", "via", "2001:db8:1::1", "dev", "up0");
        }
        catch
        {
            _ns.Dispose();
            throw;
        }
    }

    private string StatePath => Path.Combine(_stateDirectory, "routes.json");

    public void Dispose()
    {
        _control.Dispose();
        _ns.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task Install_RoutesEverythingThroughTheTunnelExceptTheEndpoint_AndTeardownRemovesOnlyThat()
    {
        string v4Before = _ns.IpIn("route", "show");
        string v6Before = Normalize(_ns.IpIn("-6", "route", "show"));
        var routing = new TunnelRouting(_control, StatePath);

        await routing.InstallAsync("tun0", Endpoint, routeIPv6: true);

        string v4 = _ns.IpIn("route", "show");
        Assert.Contains("0.0.0.0/1 dev tun0", v4, StringComparison.Ordinal);
        Assert.Contains("128.0.0.0/1 dev tun0", v4, StringComparison.Ordinal);
        Assert.Contains("203.0.113.7 via 192.0.2.1 dev up0", v4, StringComparison.Ordinal);
        Assert.Contains("default via 192.0.2.1 dev up0", v4, StringComparison.Ordinal);
        string v6 = _ns.IpIn("-6", "route", "show");
        Assert.Contains("::/1 dev tun0", v6, StringComparison.Ordinal);
        Assert.Contains("8000::/1 dev tun0", v6, StringComparison.Ordinal);
        Assert.Contains("tun0", _ns.IpIn("route", "get", "8.8.8.8"), StringComparison.Ordinal);
        Assert.Contains("dev up0", _ns.IpIn("route", "get", "203.0.113.7"), StringComparison.Ordinal);

        // Our own dump agrees, and the state file names exactly the five routes.
        int tun = _control.GetInterfaceIndex("tun0");
        IReadOnlyList<LinuxRoute> dumped = await _control.GetRoutesAsync(AddressFamily.InterNetwork);
        Assert.Contains(dumped, r => r.Destination == IPNetwork.Parse("0.0.0.0/1") && r.InterfaceIndex == tun);
        Assert.Contains(dumped, r => r.Destination == IPNetwork.Parse("203.0.113.7/32") && Equals(r.Gateway, IPAddress.Parse("192.0.2.1")));
        Assert.Equal(5, routing.InstalledRoutes.Count);
        Assert.True(File.Exists(StatePath));

        Assert.Equal(5, await routing.TeardownAsync());
        Assert.Equal(0, await routing.TeardownAsync()); // idempotent
        Assert.Equal(v4Before, _ns.IpIn("route", "show"));
        Assert.Equal(v6Before, Normalize(_ns.IpIn("-6", "route", "show")));
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public async Task Install_WithoutIPv6_LeavesIPv6Alone()
    {
        var routing = new TunnelRouting(_control, StatePath);
        await routing.InstallAsync("tun0", Endpoint, routeIPv6: false);
        Assert.DoesNotContain("tun0", _ns.IpIn("-6", "route", "show"), StringComparison.Ordinal);
        Assert.Equal(3, routing.InstalledRoutes.Count);
        await routing.TeardownAsync();
    }

    [Fact]
    public async Task Cleanup_AfterACrashedRun_RemovesWhatTheStateFileLists()
    {
        string v4Before = _ns.IpIn("route", "show");
        await new TunnelRouting(_control, StatePath).InstallAsync("tun0", Endpoint, routeIPv6: true);
        // The first instance is dropped without teardown, as if the process had died.

        using RtNetlinkInterfaceControl fresh = RtNetlinkInterfaceControl.OpenInNamespace(_ns.Name);
        var next = new TunnelRouting(fresh, StatePath);
        Assert.Equal(5, await next.CleanupAsync());
        Assert.Equal(v4Before, _ns.IpIn("route", "show"));
        Assert.DoesNotContain("tun0", _ns.IpIn("-6", "route", "show"), StringComparison.Ordinal);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public async Task Install_AfterACrashedRun_CleansUpFirstAndInstallsOnce()
    {
        await new TunnelRouting(_control, StatePath).InstallAsync("tun0", Endpoint, routeIPv6: false);
        var next = new TunnelRouting(_control, StatePath);
        await next.InstallAsync("tun0", IPAddress.Parse("198.51.100.9"), routeIPv6: false);

        string v4 = _ns.IpIn("route", "show");
        Assert.DoesNotContain("203.0.113.7", v4, StringComparison.Ordinal);
        Assert.Contains("198.51.100.9 via 192.0.2.1 dev up0", v4, StringComparison.Ordinal);
        Assert.Equal(3, next.InstalledRoutes.Count);
        await next.TeardownAsync();
        Assert.DoesNotContain("tun0", _ns.IpIn("route", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teardown_LeavesARouteThatExistedBefore()
    {
        _ns.IpIn("route", "add", "203.0.113.7", "via", "192.0.2.1", "dev", "up0");
        var routing = new TunnelRouting(_control, StatePath);
        await routing.InstallAsync("tun0", Endpoint, routeIPv6: false);
        Assert.Equal(2, routing.InstalledRoutes.Count); // the host route was not ours

        await routing.TeardownAsync();
        Assert.Contains("203.0.113.7 via 192.0.2.1 dev up0", _ns.IpIn("route", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_ConflictingRoute_FailsAndRollsBack()
    {
        _ns.IpIn("route", "add", "128.0.0.0/1", "via", "192.0.2.1", "dev", "up0");
        var routing = new TunnelRouting(_control, StatePath);
        var e = await Assert.ThrowsAsync<WireGuardException>(() => routing.InstallAsync("tun0", Endpoint, routeIPv6: false));
        Assert.Contains("128.0.0.0/1", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tun0", _ns.IpIn("route", "show"), StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.7", _ns.IpIn("route", "show"), StringComparison.Ordinal);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public async Task Install_WithoutDefaultRoute_FailsClearly()
    {
        _ns.IpIn("route", "del", "default");
        var routing = new TunnelRouting(_control, StatePath);
        var e = await Assert.ThrowsAsync<WireGuardException>(() => routing.InstallAsync("tun0", Endpoint, routeIPv6: false));
        Assert.Contains("no IPv4 default route", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptStateFile_IsReportedNotGuessed()
    {
        await File.WriteAllTextAsync(StatePath, "{ not json");
        var e = await Assert.ThrowsAsync<WireGuardException>(() => new TunnelRouting(_control, StatePath).CleanupAsync());
        Assert.Contains(StatePath, e.Message, StringComparison.Ordinal);
    }

    /// <summary>IPv6 link-local and kernel routes can differ in expiry fields; compare destination and device only.</summary>
    private static string Normalize(string routes) =>
        string.Join('\n', routes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ').Take(3))).Order(StringComparer.Ordinal));
}
