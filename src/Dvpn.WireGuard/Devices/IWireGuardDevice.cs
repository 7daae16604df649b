using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Devices;

/// <summary>
/// One WireGuard interface, whatever implements it (wireguard-go over UAPI, the Linux kernel over netlink,
/// WireGuardNT on Windows, our managed userspace implementation). Disposing it releases what this object opened;
/// whether the interface itself is deleted is the backend's documented choice (<see cref="DeleteAsync"/> always does).
/// </summary>
public interface IWireGuardDevice : IAsyncDisposable
{
    /// <summary>The interface name, e.g. <c>dvpn0</c>.</summary>
    string Name { get; }

    /// <summary>Which backend drives this device.</summary>
    WireGuardBackendKind Backend { get; }

    /// <summary>
    /// Applies <paramref name="configuration"/>: fields that are null are left as they are; with
    /// <see cref="InterfaceConfig.ReplacePeers"/> the peer list becomes exactly the given one (a full configuration),
    /// otherwise the given peers are added, updated or removed one by one (an incremental one).
    /// </summary>
    Task ApplyAsync(InterfaceConfig configuration, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="peer"/>, or updates it when a peer with its public key exists.</summary>
    Task SetPeerAsync(PeerConfig peer, CancellationToken cancellationToken = default);

    /// <summary>Removes the peer with <paramref name="publicKey"/>; no error when there is none.</summary>
    Task RemovePeerAsync(PublicKey publicKey, CancellationToken cancellationToken = default);

    /// <summary>Reads the configuration and per-peer statistics back from the device.</summary>
    Task<DeviceState> GetStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Brings the network interface up or down.</summary>
    Task SetUpAsync(bool up, CancellationToken cancellationToken = default);

    /// <summary>Deletes the interface (and stops the process behind it, for a userspace backend).</summary>
    Task DeleteAsync(CancellationToken cancellationToken = default);
}
