using Dvpn.WireGuard.Configuration;

namespace Dvpn.Devnet.Namespaces;

/// <summary>One end of a lab link: an interface inside a host, with the address the lab gave it (if any).</summary>
/// <param name="Host">The host (namespace) that holds the interface.</param>
/// <param name="Name">The interface name inside that namespace.</param>
/// <param name="Address">The address assigned by the lab; null when none was asked for.</param>
public sealed record HostInterface(NetworkHost Host, string Name, InterfaceAddress? Address);
