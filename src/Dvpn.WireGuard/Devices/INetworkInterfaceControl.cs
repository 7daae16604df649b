using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Devices;

/// <summary>
/// Link-level control of network interfaces: state, MTU, addresses, routes. On Linux it is rtnetlink
/// (<c>Dvpn.WireGuard.Linux</c>); WireGuardNT and the Windows stack have their own.
/// </summary>
public interface INetworkInterfaceControl
{
    /// <summary>Brings <paramref name="interfaceName"/> up or down.</summary>
    Task SetLinkStateAsync(string interfaceName, bool up, CancellationToken cancellationToken = default);

    /// <summary>Sets the MTU of <paramref name="interfaceName"/>.</summary>
    Task SetMtuAsync(string interfaceName, int mtu, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="address"/> (an address with its prefix length, e.g. 10.0.0.2/24) to the
    /// interface; no error if present.</summary>
    Task AddAddressAsync(string interfaceName, InterfaceAddress address, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="address"/> from the interface; no error if absent.</summary>
    Task RemoveAddressAsync(string interfaceName, InterfaceAddress address, CancellationToken cancellationToken = default);

    /// <summary>True when an interface with this name exists.</summary>
    bool InterfaceExists(string interfaceName);
}
