using System.Runtime.Versioning;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.WireGuard.Userspace.Backend;

/// <summary>
/// An interface of the <see cref="ManagedUserspaceBackend"/>: configuration goes through its UAPI socket (what
/// <c>wg</c> uses), and <see cref="Engine"/> gives the per-peer counters and forwarding switch directly. Deleting or
/// disposing it stops the engine, which removes the TUN device and zeroes every key.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ManagedUserspaceDevice : IWireGuardDevice
{
    private readonly UapiWireGuardDevice _uapi;
    private int _disposed;

    internal ManagedUserspaceDevice(UserspaceInterface engine, UapiWireGuardDevice uapi)
    {
        Engine = engine;
        _uapi = uapi;
    }

    /// <summary>The engine itself: <see cref="UserspaceInterface.GetPeerTraffic"/>, <see cref="UserspaceInterface.SetForwarding"/>.</summary>
    public UserspaceInterface Engine { get; }

    /// <inheritdoc />
    public string Name => Engine.Name;

    /// <inheritdoc />
    public WireGuardBackendKind Backend => WireGuardBackendKind.ManagedUserspace;

    /// <inheritdoc />
    public Task ApplyAsync(InterfaceConfig configuration, CancellationToken cancellationToken = default) => _uapi.ApplyAsync(configuration, cancellationToken);

    /// <inheritdoc />
    public Task SetPeerAsync(PeerConfig peer, CancellationToken cancellationToken = default) => _uapi.SetPeerAsync(peer, cancellationToken);

    /// <inheritdoc />
    public Task RemovePeerAsync(PublicKey publicKey, CancellationToken cancellationToken = default) => _uapi.RemovePeerAsync(publicKey, cancellationToken);

    /// <inheritdoc />
    public Task<DeviceState> GetStateAsync(CancellationToken cancellationToken = default) => _uapi.GetStateAsync(cancellationToken);

    /// <inheritdoc />
    public Task SetUpAsync(bool up, CancellationToken cancellationToken = default) => _uapi.SetUpAsync(up, cancellationToken);

    /// <summary>Stops the engine: the TUN device goes away with it.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken = default) => DisposeAsync().AsTask();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _uapi.DisposeAsync().ConfigureAwait(false);
        await Engine.DisposeAsync().ConfigureAwait(false);
    }
}
