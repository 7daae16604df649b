using System.Collections.Concurrent;
using System.Net;
using Dvpn.Provider.DataPlane;

namespace Dvpn.Provider.Tests.DataPlane;

public sealed class AddressPoolTests
{
    [Fact]
    public void Slash30_GatewayIsFirstHost_AndOneSessionAddressIsLeft()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/30"), null);

        Assert.Equal(IPAddress.Parse("10.9.0.1"), pool.GatewayIPv4);
        Assert.Equal(1, pool.Available);
        Assert.True(pool.TryAllocate(wantIpv6: false, out SessionAddresses? addresses));
        Assert.Equal(IPAddress.Parse("10.9.0.2"), addresses.IPv4);
        Assert.Null(addresses.IPv6);
        Assert.Equal(0, pool.Available);
    }

    [Fact]
    public void Allocate_NeverHandsOutNetworkGatewayOrBroadcast()
    {
        AddressPool pool = new(IPNetwork.Parse("192.0.2.0/29"), null);
        List<IPAddress> taken = [];
        while (pool.TryAllocate(false, out SessionAddresses? addresses))
        {
            taken.Add(addresses.IPv4);
        }

        Assert.Equal(["192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5", "192.0.2.6"], taken.Select(a => a.ToString()));
    }

    [Fact]
    public void Exhausted_ReturnsFalse_AndAvailableIsZero()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/30"), null);
        Assert.True(pool.TryAllocate(false, out _));

        Assert.False(pool.TryAllocate(false, out SessionAddresses? none));
        Assert.Null(none);
        Assert.Equal(0, pool.Available);
    }

    [Fact]
    public void Release_WhenExhausted_AddressIsHandedOutAgain()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/30"), null);
        Assert.True(pool.TryAllocate(false, out SessionAddresses? first));

        pool.Release(first);

        Assert.Equal(1, pool.Available);
        Assert.True(pool.TryAllocate(false, out SessionAddresses? again));
        Assert.Equal(first.IPv4, again.IPv4);
    }

    [Fact]
    public void Release_FreshAddressesAreUsedBeforeReleasedOnes_ThenOldestReleasedFirst()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/29"), null); // .2 to .6
        Assert.True(pool.TryAllocate(false, out SessionAddresses? a));
        Assert.True(pool.TryAllocate(false, out SessionAddresses? b));
        pool.Release(b);
        pool.Release(a);

        List<string> next = [];
        while (pool.TryAllocate(false, out SessionAddresses? addresses))
        {
            next.Add(addresses.IPv4.ToString());
        }

        Assert.Equal(["10.9.0.4", "10.9.0.5", "10.9.0.6", "10.9.0.3", "10.9.0.2"], next);
    }

    [Fact]
    public void Release_Twice_Throws_AndDoesNotDuplicateTheAddress()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/29"), null);
        Assert.True(pool.TryAllocate(false, out SessionAddresses? a));
        pool.Release(a);

        Assert.Throws<ArgumentException>(() => pool.Release(a));
        Assert.Equal(5, pool.Available);
    }

    [Theory]
    [InlineData("10.9.0.7")] // in the pool, never allocated
    [InlineData("10.9.0.1")] // the gateway
    [InlineData("10.10.0.2")] // outside the pool
    public void Release_AddressNotAllocatedFromThisPool_Throws(string address)
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/29"), null);

        Assert.Throws<ArgumentException>(() => pool.Release(new SessionAddresses(IPAddress.Parse(address), null)));
    }

    [Theory]
    [InlineData("10.9.0.0/31")]
    [InlineData("10.9.0.0/32")]
    [InlineData("fd00::/64")]
    public void Constructor_IPv4PoolTooSmallOrWrongFamily_Throws(string network)
    {
        Assert.Throws<ArgumentException>(() => new AddressPool(IPNetwork.Parse(network), null));
    }

    [Theory]
    [InlineData("fd00::/127")]
    [InlineData("fd00::/128")]
    [InlineData("10.8.0.0/16")]
    public void Constructor_IPv6PoolTooSmallOrWrongFamily_Throws(string network)
    {
        Assert.Throws<ArgumentException>(() => new AddressPool(IPNetwork.Parse("10.9.0.0/24"), IPNetwork.Parse(network)));
    }

    [Fact]
    public void IPv6_GatewayFollowsThePrefix_AndSessionsGetSequentialAddresses()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/24"), IPNetwork.Parse("fd77:1::/64"));

        Assert.Equal(IPAddress.Parse("fd77:1::1"), pool.GatewayIPv6);
        Assert.True(pool.TryAllocate(wantIpv6: true, out SessionAddresses? a));
        Assert.True(pool.TryAllocate(wantIpv6: true, out SessionAddresses? b));
        Assert.Equal(IPAddress.Parse("fd77:1::2"), a.IPv6);
        Assert.Equal(IPAddress.Parse("fd77:1::3"), b.IPv6);
        Assert.Equal([new IPNetwork(a.IPv4, 32), new IPNetwork(a.IPv6!, 128)], a.AllowedIPs);
    }

    [Fact]
    public void IPv6_NotWanted_OrNoIPv6Pool_GivesIPv4Only()
    {
        AddressPool dual = new(IPNetwork.Parse("10.9.0.0/24"), IPNetwork.Parse("fd77:1::/64"));
        AddressPool single = new(IPNetwork.Parse("10.9.0.0/24"), null);

        Assert.True(dual.TryAllocate(wantIpv6: false, out SessionAddresses? notWanted));
        Assert.True(single.TryAllocate(wantIpv6: true, out SessionAddresses? noPool));
        Assert.Null(notWanted.IPv6);
        Assert.Null(noPool.IPv6);
        Assert.Null(single.GatewayIPv6);
    }

    [Fact]
    public void IPv6_PoolExhausted_ReturnsFalse_AndKeepsTheIPv4Address()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/24"), IPNetwork.Parse("fd77:1::/126")); // ::2 and ::3
        Assert.True(pool.TryAllocate(true, out _));
        Assert.True(pool.TryAllocate(true, out SessionAddresses? second));
        int available = pool.Available;

        Assert.False(pool.TryAllocate(true, out _));
        Assert.Equal(available, pool.Available);
        pool.Release(second);
        Assert.True(pool.TryAllocate(true, out SessionAddresses? reused));
        Assert.Equal(second.IPv6, reused.IPv6);
    }

    [Fact]
    public void IPv6_HugePool_CostsNothingUpFront()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/30"), IPNetwork.Parse("2001:db8::/32"));

        Assert.True(pool.TryAllocate(true, out SessionAddresses? addresses));
        Assert.Equal(IPAddress.Parse("2001:db8::2"), addresses.IPv6);
    }

    [Fact]
    public void ConcurrentAllocations_AreAllDistinct_AndExhaustExactly()
    {
        AddressPool pool = new(IPNetwork.Parse("10.9.0.0/22"), IPNetwork.Parse("fd77:1::/64")); // 1021 session addresses
        ConcurrentBag<SessionAddresses> taken = [];
        int refused = 0;

        Parallel.For(0, 1100, _ =>
        {
            if (pool.TryAllocate(true, out SessionAddresses? addresses))
            {
                taken.Add(addresses);
            }
            else
            {
                Interlocked.Increment(ref refused);
            }
        });

        Assert.Equal(1021, taken.Count);
        Assert.Equal(79, refused);
        Assert.Equal(1021, taken.Select(a => a.IPv4).Distinct().Count());
        Assert.Equal(1021, taken.Select(a => a.IPv6).Distinct().Count());
    }

    [Theory]
    [InlineData("10.77.0.1/16", null, "Provider:Tunnel:IPv4Pool")] // host bits set
    [InlineData("not a network", null, "Provider:Tunnel:IPv4Pool")]
    [InlineData("10.77.0.0/16", "fd00::1/64", "Provider:Tunnel:IPv6Pool")]
    public void FromOptions_BadPool_ThrowsNamingTheSetting(string ipv4, string? ipv6, string setting)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => AddressPool.FromOptions(new TunnelOptions { IPv4Pool = ipv4, IPv6Pool = ipv6 }));

        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromOptions_Defaults_GiveThe10Dot77Pool()
    {
        AddressPool pool = AddressPool.FromOptions(new TunnelOptions());

        Assert.Equal(IPNetwork.Parse("10.77.0.0/16"), pool.IPv4);
        Assert.Null(pool.IPv6);
        Assert.Equal(65533, pool.Available);
    }
}
