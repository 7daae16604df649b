using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Dvpn.Provider.Hosting;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// A token bucket per source for OpenSession: <c>OpenBurst</c> calls at once, refilled at
/// <c>OpenPerMinutePerAddress</c> a minute, one token at a time. IPv6 sources share a bucket per /64, the least a
/// single subscriber usually gets. The framework's limiter replenishes on its own timer (not a
/// <see cref="TimeProvider"/>); only the limit matters here, not exact instants. Thread-safe.
/// </summary>
internal sealed class OpenRateLimiter : IDisposable
{
    private const int IPv6SubscriberPrefix = 64;

    private readonly PartitionedRateLimiter<IPAddress> _limiter;

    public OpenRateLimiter(LimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.OpenBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / options.OpenPerMinutePerAddress,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(
            source => RateLimitPartition.GetTokenBucketLimiter(PartitionOf(source), _ => bucket));
    }

    /// <summary>Takes a token for <paramref name="source"/>; false when its bucket is empty.</summary>
    public bool TryAcquire(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using RateLimitLease lease = _limiter.AttemptAcquire(source);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>The bucket a source address draws from.</summary>
    internal static IPAddress PartitionOf(IPAddress source)
    {
        if (source.IsIPv4MappedToIPv6)
        {
            return source.MapToIPv4();
        }

        if (source.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return source;
        }

        Span<byte> bytes = stackalloc byte[16];
        source.TryWriteBytes(bytes, out _);
        bytes[(IPv6SubscriberPrefix / 8)..].Clear();
        return new IPAddress(bytes);
    }
}
