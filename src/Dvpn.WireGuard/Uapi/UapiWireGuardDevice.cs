using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// A WireGuard interface driven over its UAPI socket. Created by <see cref="UapiWireGuardBackend.CreateAsync"/> it
/// owns a supervised wireguard-go (<see cref="Process"/>), and disposing it stops that process, which deletes the
/// interface. Opened by <see cref="UapiWireGuardBackend.OpenAsync"/> it owns nothing, and disposing it leaves the
/// interface alone (<see cref="DeleteAsync"/> still deletes it).
/// </summary>
public sealed class UapiWireGuardDevice : IWireGuardDevice
{
    private readonly UapiClient _client;
    private readonly UapiBackendOptions _options;
    private readonly INetworkInterfaceControl? _interfaceControl;
    private int _disposed;

    internal UapiWireGuardDevice(string name, UapiClient client, WireGuardGoProcess? process, UapiBackendOptions options,
        INetworkInterfaceControl? interfaceControl)
    {
        Name = name;
        _client = client;
        Process = process;
        _options = options;
        _interfaceControl = interfaceControl;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public WireGuardBackendKind Backend => WireGuardBackendKind.Uapi;

    /// <summary>The UAPI socket path.</summary>
    public string SocketPath => _client.SocketPath;

    /// <summary>The supervised wireguard-go when this object created the interface; null when it was opened.</summary>
    public WireGuardGoProcess? Process { get; }

    /// <inheritdoc />
    /// <exception cref="UapiErrnoException">The device rejected the configuration.</exception>
    /// <exception cref="WireGuardException">The socket cannot be reached, or the reply is malformed.</exception>
    public Task ApplyAsync(InterfaceConfig configuration, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _client.SetAsync(configuration, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetPeerAsync(PeerConfig peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return ApplyAsync(new InterfaceConfig { Peers = [peer] }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RemovePeerAsync(PublicKey publicKey, CancellationToken cancellationToken = default) =>
        ApplyAsync(new InterfaceConfig { Peers = [new PeerConfig { PublicKey = publicKey, Remove = true }] }, cancellationToken);

    /// <inheritdoc />
    public Task<DeviceState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _client.GetAsync(cancellationToken);
    }

    /// <summary>
    /// Brings the interface up or down: through the <see cref="INetworkInterfaceControl"/> given to the backend, or
    /// else (Linux) with <c>ip link set dev &lt;name&gt; up|down</c> behind <see cref="UapiBackendOptions.LaunchPrefix"/>,
    /// so in the network namespace wireguard-go runs in.
    /// </summary>
    /// <exception cref="NotSupportedException">No interface control was given and this is not Linux.</exception>
    public Task SetUpAsync(bool up, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_interfaceControl is not null)
        {
            return _interfaceControl.SetLinkStateAsync(Name, up, cancellationToken);
        }

        return OperatingSystem.IsLinux()
            ? IpCommand.RunAsync(_options.LaunchPrefix, ["link", "set", "dev", Name, up ? "up" : "down"], cancellationToken)
            : throw new NotSupportedException("no INetworkInterfaceControl was given to the UAPI backend on this platform");
    }

    /// <summary>
    /// Deletes the interface: stops the wireguard-go this object started, or for an opened device runs
    /// <c>ip link del dev &lt;name&gt;</c> (wireguard-go exits when its TUN device is deleted).
    /// </summary>
    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        if (Process is not null)
        {
            await Process.StopAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new NotSupportedException("deleting an interface not started by this backend needs Linux");
        }

        await IpCommand.RunAsync(_options.LaunchPrefix, ["link", "del", "dev", Name], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the wireguard-go this object started (deleting the interface); an opened device is left alone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && Process is not null)
        {
            await Process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
