using System.Net;

namespace Dvpn.Provider.DataPlane;

/// <summary>The tunnel addresses handed to one session: an IPv4 /32 and, where configured, an IPv6 /128.</summary>
internal sealed record SessionAddresses(IPAddress IPv4, IPAddress? IPv6)
{
    /// <summary>The peer's allowed IPs on the provider's device: exactly these host routes.</summary>
    public IReadOnlyList<IPNetwork> AllowedIPs =>
        IPv6 is null ? [new IPNetwork(IPv4, 32)] : [new IPNetwork(IPv4, 32), new IPNetwork(IPv6, 128)];
}
