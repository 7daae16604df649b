using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dvpn.Provider.DataPlane;

/// <summary>
/// Tunnel addresses for sessions. The first host address of each pool is the provider's own (the gateway, where
/// the payment endpoint listens); the rest go to sessions, one each, and come back when the session ends. Thread-safe.
/// </summary>
/// <remarks>
/// Addresses never handed out before are used first, in order; released ones are reused oldest-first only after
/// that, so a released address rests as long as possible before another session gets it (a stale connection-tracking
/// entry or a late packet of the previous session then has time to die out). Nothing is allocated up front: an IPv6
/// /64 costs no more than an IPv4 /30.
/// </remarks>
internal sealed class AddressPool
{
    /// <summary>The longest IPv4 prefix: a /30 has network, gateway, one session address and broadcast.</summary>
    public const int MaxIPv4PrefixLength = 30;

    /// <summary>The longest IPv6 prefix: a /126 has the subnet-router anycast address, gateway and two session addresses.</summary>
    public const int MaxIPv6PrefixLength = 126;

    private readonly Lock _gate = new();
    private readonly HostRange _ipv4;
    private readonly HostRange? _ipv6;

    /// <summary>Creates a pool over <paramref name="ipv4"/> (a /30 or larger) and optionally <paramref name="ipv6"/>.</summary>
    /// <exception cref="ArgumentException">A pool too small, or of the wrong family.</exception>
    public AddressPool(IPNetwork ipv4, IPNetwork? ipv6)
    {
        if (ipv4.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"the IPv4 pool {ipv4} is not an IPv4 network", nameof(ipv4));
        }

        if (ipv4.PrefixLength > MaxIPv4PrefixLength)
        {
            throw new ArgumentException($"the IPv4 pool {ipv4} is too small: it must be a /{MaxIPv4PrefixLength} or larger", nameof(ipv4));
        }

        // Network and broadcast are never handed out; the first host is the gateway.
        _ipv4 = new HostRange(ipv4, firstSession: 2, lastSession: (UInt128.One << (32 - ipv4.PrefixLength)) - 2);
        if (ipv6 is { } v6)
        {
            if (v6.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw new ArgumentException($"the IPv6 pool {v6} is not an IPv6 network", nameof(ipv6));
            }

            if (v6.PrefixLength > MaxIPv6PrefixLength)
            {
                throw new ArgumentException($"the IPv6 pool {v6} is too small: it must be a /{MaxIPv6PrefixLength} or larger", nameof(ipv6));
            }

            // The prefix itself is the subnet-router anycast address (RFC 4291 §2.6.1); the gateway follows it.
            UInt128 size = v6.PrefixLength == 0 ? UInt128.MaxValue : (UInt128.One << (128 - v6.PrefixLength)) - 1;
            _ipv6 = new HostRange(v6, firstSession: 2, lastSession: size);
        }
    }

    /// <summary>The provider's IPv4 tunnel address.</summary>
    public IPAddress GatewayIPv4 => _ipv4.Gateway;

    /// <summary>The provider's IPv6 tunnel address, when there is an IPv6 pool.</summary>
    public IPAddress? GatewayIPv6 => _ipv6?.Gateway;

    /// <summary>The IPv4 pool.</summary>
    public IPNetwork IPv4 => _ipv4.Network;

    /// <summary>The IPv6 pool, if any.</summary>
    public IPNetwork? IPv6 => _ipv6?.Network;

    /// <summary>Free IPv4 session addresses left.</summary>
    public int Available
    {
        get
        {
            lock (_gate)
            {
                return (int)UInt128.Min(_ipv4.Free, int.MaxValue);
            }
        }
    }

    /// <summary>
    /// Parses the pools of <paramref name="options"/> (<see cref="TunnelOptions.IPv4Pool"/>,
    /// <see cref="TunnelOptions.IPv6Pool"/>) into a pool.
    /// </summary>
    /// <exception cref="ArgumentException">A pool is not a network in CIDR form (with no host bits), too small, or of
    /// the wrong family; the message names the setting.</exception>
    public static AddressPool FromOptions(TunnelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IPNetwork ipv4 = ParseNetwork(options.IPv4Pool, "Provider:Tunnel:IPv4Pool");
        IPNetwork? ipv6 = string.IsNullOrWhiteSpace(options.IPv6Pool) ? null : ParseNetwork(options.IPv6Pool, "Provider:Tunnel:IPv6Pool");
        return new AddressPool(ipv4, ipv6);
    }

    /// <summary>Takes an address (and an IPv6 one when <paramref name="wantIpv6"/> and there is a pool); false when full.</summary>
    public bool TryAllocate(bool wantIpv6, [NotNullWhen(true)] out SessionAddresses? addresses)
    {
        addresses = null;
        lock (_gate)
        {
            if (!_ipv4.TryTake(out UInt128 v4))
            {
                return false;
            }

            IPAddress? ipv6 = null;
            if (wantIpv6 && _ipv6 is not null)
            {
                if (!_ipv6.TryTake(out UInt128 v6))
                {
                    _ipv4.Return(v4);
                    return false;
                }

                ipv6 = _ipv6.AddressAt(v6);
            }

            addresses = new SessionAddresses(_ipv4.AddressAt(v4), ipv6);
            return true;
        }
    }

    /// <summary>Returns a session's addresses to the pool.</summary>
    /// <exception cref="ArgumentException">An address is not currently allocated from this pool (released twice, or
    /// never taken from it); nothing is released then.</exception>
    public void Release(SessionAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        lock (_gate)
        {
            UInt128 v4 = _ipv4.OffsetOf(addresses.IPv4, nameof(addresses));
            UInt128? v6 = null;
            if (addresses.IPv6 is { } ipv6)
            {
                v6 = _ipv6 is null
                    ? throw new ArgumentException($"{ipv6} is not from this pool: it has no IPv6 range", nameof(addresses))
                    : _ipv6.OffsetOf(ipv6, nameof(addresses));
            }

            _ipv4.Return(v4);
            if (v6 is { } offset)
            {
                _ipv6!.Return(offset);
            }
        }
    }

    private static IPNetwork ParseNetwork(string? text, string setting)
    {
        // .NET masks host bits silently; "10.77.0.1/16" is more likely a gateway typed in the wrong place than a pool.
        int slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0
            || !IPNetwork.TryParse(text, out IPNetwork network)
            || !IPAddress.TryParse(text.AsSpan(0, slash), out IPAddress? written)
            || !written.Equals(network.BaseAddress))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{setting} = '{text}' is not a network in CIDR form with no host bits set (e.g. 10.77.0.0/16)"), nameof(text));
        }

        return network;
    }
}
