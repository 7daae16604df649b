using Dvpn.WireGuard.Configuration;
using System.Net;
using System.Net.Sockets;
using Dvpn.WireGuard.Linux;

namespace Dvpn.WireGuard.Tests.Linux;

/// <summary>rtnetlink against the real kernel, inside a throwaway namespace with a veth interface.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RtNetlinkInterfaceControlTests : IDisposable
{
    private readonly LinuxTestNamespace _ns = LinuxTestNamespace.Create();
    private readonly RtNetlinkInterfaceControl _control;

    public RtNetlinkInterfaceControlTests()
    {
        try
        {
            // This kernel has no dummy module; a veth pair (peer kept down unless a test needs it) stands in.
            _ns.IpIn("link", "add", "dum0", "type", "veth", "peer", "name", "dum0p");
            _control = RtNetlinkInterfaceControl.OpenInNamespace(_ns.Name);
        }
        catch
        {
            _ns.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _control.Dispose();
        _ns.Dispose();
    }

    [Fact]
    public void OpenInNamespace_SeesOnlyTheNamespacesInterfaces()
    {
        Assert.True(_control.InterfaceExists("dum0"));
        Assert.True(_control.InterfaceExists("lo"));
        Assert.False(_control.InterfaceExists("nosuch0"));
        Assert.Equal(_ns.Name, _control.NamespaceName);
        // The host has no dum0 (and the calling thread stayed in the host namespace).
        using var host = new RtNetlinkInterfaceControl();
        Assert.False(host.InterfaceExists("dum0"));
    }

    [Fact]
    public void OpenInNamespace_MissingNamespace_ThrowsClearly()
    {
        var e = Assert.Throws<NetlinkException>(() => RtNetlinkInterfaceControl.OpenInNamespace("dvt-missing-ns"));
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RtNetlinkInterfaceControl.OpenInNamespace("../etc"));
    }

    [Fact]
    public async Task SetLinkState_UpAndDown_ShowsInIpLink()
    {
        await _control.SetLinkStateAsync("dum0", up: true);
        Assert.Contains("UP", FlagsOf(_ns.IpIn("link", "show", "dum0")), StringComparison.Ordinal);
        Assert.True(_control.TryGetLink("dum0", out LinuxLink? link) && link.IsUp);

        await _control.SetLinkStateAsync("dum0", up: false);
        Assert.DoesNotContain(",UP", FlagsOf(_ns.IpIn("link", "show", "dum0")), StringComparison.Ordinal);
        Assert.True(_control.TryGetLink("dum0", out link) && !link.IsUp);
    }

    [Fact]
    public async Task SetMtu_ChangesTheMtu()
    {
        await _control.SetMtuAsync("dum0", 1280);
        Assert.Contains("mtu 1280", _ns.IpIn("link", "show", "dum0"), StringComparison.Ordinal);
        Assert.True(_control.TryGetLink("dum0", out LinuxLink? link));
        Assert.Equal(1280, link.Mtu);
        Assert.Equal(int.Parse(_ns.IpIn("-o", "link", "show", "dum0").Split(':')[0], System.Globalization.CultureInfo.InvariantCulture), _control.GetInterfaceIndex("dum0"));
    }

    [Fact]
    public async Task UnknownInterface_ThrowsEnodev()
    {
        var e = await Assert.ThrowsAsync<NetlinkException>(() => _control.SetLinkStateAsync("nosuch0", true));
        Assert.Equal("ENODEV", e.ErrorName);
        Assert.Contains(_ns.Name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Addresses_AddTwiceRemoveTwice_V4AndV6()
    {
        await _control.SetLinkStateAsync("dum0", true);
        var v4 = IPAddress.Parse("10.77.0.2");
        var v6 = IPAddress.Parse("fd00:77::2");
        await _control.AddAddressAsync("dum0", v4, 24);
        await _control.AddAddressAsync("dum0", v4, 24); // EEXIST is success
        await _control.AddAddressAsync("dum0", v6, 64);
        await _control.AddAddressAsync("dum0", v6, 64);
        await _control.AddAddressAsync("dum0", InterfaceAddress.Parse("10.78.0.1/32"));

        string shown = _ns.IpIn("addr", "show", "dum0");
        Assert.Contains("inet 10.77.0.2/24", shown, StringComparison.Ordinal);
        Assert.Contains("inet6 fd00:77::2/64", shown, StringComparison.Ordinal);
        Assert.Contains("inet 10.78.0.1/32", shown, StringComparison.Ordinal);
        IReadOnlyList<LinuxAddress> listed = await _control.GetAddressesAsync("dum0");
        Assert.Contains(listed, a => a.Address.Equals(v4) && a.PrefixLength == 24);
        Assert.Contains(listed, a => a.Address.Equals(v6) && a.PrefixLength == 64);

        await _control.RemoveAddressAsync("dum0", v4, 24);
        await _control.RemoveAddressAsync("dum0", v4, 24); // EADDRNOTAVAIL is success
        await _control.RemoveAddressAsync("dum0", v6, 64);
        await _control.RemoveAddressAsync("dum0", v6, 64);
        await _control.RemoveAddressAsync("dum0", InterfaceAddress.Parse("10.78.0.1/32"));
        shown = _ns.IpIn("addr", "show", "dum0");
        Assert.DoesNotContain("10.77.0.2", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("fd00:77::2", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("10.78.0.1", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_AddTwiceRemoveTwice_V4AndV6_WithGatewayTableAndMetric()
    {
        await _control.SetLinkStateAsync("dum0", true);
        await _control.AddAddressAsync("dum0", IPAddress.Parse("10.77.0.2"), 24);
        await _control.AddAddressAsync("dum0", IPAddress.Parse("fd00:77::2"), 64);
        int index = _control.GetInterfaceIndex("dum0");
        var v4 = new LinuxRoute { Destination = IPNetwork.Parse("198.51.100.0/24"), Gateway = IPAddress.Parse("10.77.0.1"), InterfaceIndex = index, Metric = 50 };
        var v4Table = new LinuxRoute { Destination = IPNetwork.Parse("203.0.113.0/24"), InterfaceIndex = index, Table = 1000 };
        var v6 = new LinuxRoute { Destination = IPNetwork.Parse("2001:db8:5::/48"), Gateway = IPAddress.Parse("fd00:77::1"), InterfaceIndex = index };

        Assert.True(await _control.AddRouteAsync(v4));
        Assert.False(await _control.AddRouteAsync(v4));
        Assert.True(await _control.AddRouteAsync(v4Table));
        Assert.True(await _control.AddRouteAsync(v6));
        Assert.False(await _control.AddRouteAsync(v6));

        Assert.Contains("198.51.100.0/24 via 10.77.0.1 dev dum0", _ns.IpIn("route", "show"), StringComparison.Ordinal);
        Assert.Contains("metric 50", _ns.IpIn("route", "show", "198.51.100.0/24"), StringComparison.Ordinal);
        Assert.Contains("203.0.113.0/24 dev dum0", _ns.IpIn("route", "show", "table", "1000"), StringComparison.Ordinal);
        Assert.Contains("2001:db8:5::/48 via fd00:77::1 dev dum0", _ns.IpIn("-6", "route", "show"), StringComparison.Ordinal);

        IReadOnlyList<LinuxRoute> dumped = await _control.GetRoutesAsync(AddressFamily.InterNetwork);
        Assert.Contains(dumped, r => r.Destination == v4.Destination && Equals(r.Gateway, v4.Gateway) && r.InterfaceIndex == index && r.Metric == 50);
        Assert.Contains(dumped, r => r.Destination == v4Table.Destination && r.Table == 1000);
        Assert.Contains(await _control.GetRoutesAsync(AddressFamily.InterNetworkV6), r => r.Destination == v6.Destination && Equals(r.Gateway, v6.Gateway));

        Assert.True(await _control.RemoveRouteAsync(v4));
        Assert.False(await _control.RemoveRouteAsync(v4));
        Assert.True(await _control.RemoveRouteAsync(v4Table));
        Assert.True(await _control.RemoveRouteAsync(v6));
        Assert.False(await _control.RemoveRouteAsync(v6));
        Assert.DoesNotContain("198.51.100.0", _ns.IpIn("route", "show"), StringComparison.Ordinal);
        Assert.Empty(_ns.IpIn("route", "show", "table", "1000").Trim());
        Assert.DoesNotContain("2001:db8:5::", _ns.IpIn("-6", "route", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultRoute_IsFoundByDump()
    {
        Assert.Null(await _control.GetDefaultRouteAsync(AddressFamily.InterNetwork));
        await _control.SetLinkStateAsync("dum0", true);
        await _control.AddAddressAsync("dum0", IPAddress.Parse("10.77.0.2"), 24);
        _ns.IpIn("route", "add", "default", "via", "10.77.0.1", "dev", "dum0", "metric", "20");
        _ns.IpIn("route", "add", "default", "via", "10.77.0.3", "dev", "dum0", "metric", "10");

        LinuxRoute? found = await _control.GetDefaultRouteAsync(AddressFamily.InterNetwork);
        Assert.NotNull(found);
        Assert.Equal(IPAddress.Parse("10.77.0.3"), found.Gateway);
        Assert.Equal(_control.GetInterfaceIndex("dum0"), found.InterfaceIndex);
        Assert.Equal(10u, found.Metric);
    }

    private static string FlagsOf(string ipLinkShow) => ipLinkShow[ipLinkShow.IndexOf('<', StringComparison.Ordinal)..(ipLinkShow.IndexOf('>', StringComparison.Ordinal) + 1)];
}
