using System.Net;
using System.Net.Sockets;

namespace Dvpn.Client.Firewall;

/// <summary>The address rule every kill switch backend applies to a policy's endpoints and DNS servers.</summary>
internal static class PolicyAddress
{
    /// <summary>
    /// An address that names one remote host: IPv4 or IPv6 (IPv4-mapped becomes IPv4), not unspecified, broadcast or
    /// multicast, and without a scope id (nft cannot parse the <c>%N</c> form, and WFP compares only the 16 bytes).
    /// </summary>
    /// <exception cref="ArgumentException">It is none of that; <paramref name="what"/> names it in the message.</exception>
    public static IPAddress CheckUnicast(IPAddress? address, string what)
    {
        if (address is null)
        {
            throw new ArgumentException($"A {what} has no address.", nameof(address));
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        bool bad = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => address.Equals(IPAddress.Any) || address.Equals(IPAddress.Broadcast) || IsIPv4Multicast(address),
            AddressFamily.InterNetworkV6 => address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast || address.ScopeId != 0,
            _ => true,
        };
        if (bad)
        {
            throw new ArgumentException($"{what} {address} is not a unicast IPv4 or IPv6 address without a scope.", nameof(address));
        }

        return address;
    }

    private static bool IsIPv4Multicast(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return bytes[0] is >= 224 and <= 239;
    }
}
