namespace Dvpn.WireGuard.Devices;

/// <summary>A way of running WireGuard interfaces on this machine.</summary>
public interface IWireGuardBackend
{
    /// <summary>Which backend this is.</summary>
    WireGuardBackendKind Kind { get; }

    /// <summary>What this backend can do here, and whether it can run at all (probed, never assumed).</summary>
    ValueTask<WireGuardCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the interface <paramref name="name"/>; fails when it already exists.</summary>
    Task<IWireGuardDevice> CreateAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Opens the existing interface <paramref name="name"/>.</summary>
    Task<IWireGuardDevice> OpenAsync(string name, CancellationToken cancellationToken = default);
}
