using System.Net;

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

    /// <summary>Adds <paramref name="address"/> (address and prefix length) to the interface; no error if present.</summary>
    Task AddAddressAsync(string interfaceName, IPNetwork address, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="address"/> from the interface; no error if absent.</summary>
    Task RemoveAddressAsync(string interfaceName, IPNetwork address, CancellationToken cancellationToken = default);

    /// <summary>True when an interface with this name exists.</summary>
    bool InterfaceExists(string interfaceName);
}
