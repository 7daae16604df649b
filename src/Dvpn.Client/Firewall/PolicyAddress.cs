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

        address = Plain(address);
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

    /// <summary>An IPv4-mapped IPv6 address as the IPv4 address it is (how packets carry it); others as they are.</summary>
    public static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The endpoint of a URL whose host is an IP literal (<c>https://198.18.1.2:8443</c>, <c>http://[2001:db8::1]/</c>),
    /// with the scheme's default port; null for a host name.</summary>
    public static IPEndPoint? LiteralEndpoint(Uri url) =>
        IPAddress.TryParse(url.Host.Trim('[', ']'), out IPAddress? address) && url.Port > 0 ? new IPEndPoint(Plain(address), url.Port) : null;

    private static bool IsIPv4Multicast(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return bytes[0] is >= 224 and <= 239;
    }
}
