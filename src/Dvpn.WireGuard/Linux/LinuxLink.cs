using System.Net;

namespace Dvpn.WireGuard.Linux;

/// <summary>A network interface as RTM_GETLINK reports it.</summary>
/// <param name="Index">The interface index.</param>
/// <param name="Name">The interface name.</param>
/// <param name="Mtu">The MTU in bytes.</param>
/// <param name="IsUp">Whether IFF_UP is set (administratively up).</param>
public sealed record LinuxLink(int Index, string Name, int Mtu, bool IsUp);

/// <summary>An address assigned to an interface, as RTM_GETADDR reports it.</summary>
/// <param name="InterfaceIndex">The interface index.</param>
/// <param name="Address">The local address.</param>
/// <param name="PrefixLength">The prefix length (e.g. 24 for 10.0.0.2/24).</param>
public sealed record LinuxAddress(int InterfaceIndex, IPAddress Address, int PrefixLength);
