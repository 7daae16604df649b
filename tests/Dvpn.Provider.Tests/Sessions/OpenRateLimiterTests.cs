using System.Net;
using Dvpn.Provider.Hosting;
using Dvpn.Provider.Sessions;

namespace Dvpn.Provider.Tests.Sessions;

public sealed class OpenRateLimiterTests
{
    // One token a minute: nothing refills while a test runs.
    private static readonly LimitsOptions Limits = new() { OpenBurst = 3, OpenPerMinutePerAddress = 1 };

    [Fact]
    public void TryAcquire_BeyondBurst_IsRefused()
    {
        using var limiter = new OpenRateLimiter(Limits);
        IPAddress source = IPAddress.Parse("198.51.100.7");

        Assert.True(limiter.TryAcquire(source));
        Assert.True(limiter.TryAcquire(source));
        Assert.True(limiter.TryAcquire(source));
        Assert.False(limiter.TryAcquire(source));
    }

    [Fact]
    public void TryAcquire_OtherAddress_HasItsOwnBucket()
    {
        using var limiter = new OpenRateLimiter(Limits);
        for (int i = 0; i < Limits.OpenBurst; i++)
        {
            limiter.TryAcquire(IPAddress.Parse("198.51.100.7"));
        }

        Assert.True(limiter.TryAcquire(IPAddress.Parse("198.51.100.8")));
    }

    [Fact]
    public void TryAcquire_AddressesOfOneIPv6Slash64_ShareABucket()
    {
        using var limiter = new OpenRateLimiter(Limits);
        for (int i = 1; i <= Limits.OpenBurst; i++)
        {
            Assert.True(limiter.TryAcquire(IPAddress.Parse($"2001:db8:1:2::{i}")));
        }

        Assert.False(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2:ffff::1")));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void PartitionOf_IPv4MappedIPv6_IsTheIPv4Address()
    {
        Assert.Equal(IPAddress.Parse("198.51.100.7"), OpenRateLimiter.PartitionOf(IPAddress.Parse("::ffff:198.51.100.7")));
    }
}
