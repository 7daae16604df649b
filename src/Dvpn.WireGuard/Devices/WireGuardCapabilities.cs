namespace Dvpn.WireGuard.Devices;

/// <summary>What a backend can do on this machine, as probed.</summary>
/// <param name="Backend">The backend.</param>
/// <param name="Available">Whether it can create and drive devices here.</param>
/// <param name="UnavailableReason">Why not, in words a user can act on; null when available.</param>
/// <param name="Version">The implementation's version when it reports one (wireguard-go, the driver).</param>
/// <param name="SupportsFirewallMark">Whether the fwmark setting has an effect.</param>
/// <param name="RequiresExternalProcess">Whether a separate process carries the tunnel (wireguard-go).</param>
public sealed record WireGuardCapabilities(
    WireGuardBackendKind Backend,
    bool Available,
    string? UnavailableReason,
    string? Version,
    bool SupportsFirewallMark,
    bool RequiresExternalProcess);
