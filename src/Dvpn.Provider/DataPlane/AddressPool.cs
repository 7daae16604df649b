using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Dvpn.Provider.DataPlane;

/// <summary>
/// Tunnel addresses for sessions. The first host address of each pool is the provider's own (the gateway, where
/// the payment endpoint listens); the rest go to sessions, one each, and come back when the session ends. Thread-safe.
/// </summary>
internal sealed class AddressPool
{
    /// <summary>Creates a pool over <paramref name="ipv4"/> (a /30 or larger) and optionally <paramref name="ipv6"/>.</summary>
    /// <exception cref="ArgumentException">A pool too small, or of the wrong family.</exception>
    public AddressPool(IPNetwork ipv4, IPNetwork? ipv6) => throw new NotImplementedException();

    /// <summary>The provider's IPv4 tunnel address.</summary>
    public IPAddress GatewayIPv4 => throw new NotImplementedException();

    /// <summary>The provider's IPv6 tunnel address, when there is an IPv6 pool.</summary>
    public IPAddress? GatewayIPv6 => throw new NotImplementedException();

    /// <summary>The IPv4 pool.</summary>
    public IPNetwork IPv4 => throw new NotImplementedException();

    /// <summary>The IPv6 pool, if any.</summary>
    public IPNetwork? IPv6 => throw new NotImplementedException();

    /// <summary>Free IPv4 session addresses left.</summary>
    public int Available => throw new NotImplementedException();

    /// <summary>Takes an address (and an IPv6 one when <paramref name="wantIpv6"/> and there is a pool); false when full.</summary>
    public bool TryAllocate(bool wantIpv6, [NotNullWhen(true)] out SessionAddresses? addresses) => throw new NotImplementedException();

    /// <summary>Returns a session's addresses to the pool.</summary>
    public void Release(SessionAddresses addresses) => throw new NotImplementedException();
}
