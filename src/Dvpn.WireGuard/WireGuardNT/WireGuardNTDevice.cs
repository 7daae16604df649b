using System.Runtime.InteropServices;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// A WireGuardNT adapter on Windows. Every call goes straight to wireguard.dll (a DeviceIoControl underneath), so
/// the tasks complete synchronously. WireGuardNT ties an adapter to the handle that created it: disposing a device
/// from <see cref="WireGuardNTBackend.CreateAsync"/> removes the adapter, while disposing one from
/// <see cref="WireGuardNTBackend.OpenAsync"/> only lets go of it.
/// </summary>
public sealed class WireGuardNTDevice : IWireGuardDevice
{
    private readonly IWireGuardNTApi _api;
    private readonly SafeHandle _adapter;
    private readonly ILogger _logger;

    internal WireGuardNTDevice(IWireGuardNTApi api, SafeHandle adapter, string name, bool createdHere, ILogger logger)
    {
        _api = api;
        _adapter = adapter;
        _logger = logger;
        Name = name;
        CreatedHere = createdHere;
        InterfaceLuid = api.GetAdapterLuid(adapter);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public WireGuardBackendKind Backend => WireGuardBackendKind.WireGuardNT;

    /// <summary>
    /// The adapter's NET_LUID, the key the Windows IP Helper API (addresses, routes, MTU, DNS) uses for it.
    /// </summary>
    public ulong InterfaceLuid { get; }

    /// <summary>
    /// True when this device created the adapter; it then owns it, and disposing or deleting the device removes it.
    /// </summary>
    public bool CreatedHere { get; }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">A non-zero <see cref="InterfaceConfig.FirewallMark"/>: WireGuardNT has none.</exception>
    public Task ApplyAsync(InterfaceConfig configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Run(() =>
        {
            int bytes = AdapterConfiguration.Set(_api, _adapter, configuration, Name);
            WireGuardNTLog.ConfigurationSet(_logger, Name, configuration.Peers.Count, bytes);
        }, cancellationToken);
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
    public Task<DeviceState> GetStateAsync(CancellationToken cancellationToken = default) =>
        Run(() => AdapterConfiguration.Get(_api, _adapter, Name), cancellationToken);

    /// <inheritdoc />
    public Task SetUpAsync(bool up, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            WireGuardAdapterState state = up ? WireGuardAdapterState.Up : WireGuardAdapterState.Down;
            if (!_api.SetAdapterState(_adapter, state, out int error))
            {
                NativeErrors.Throw("WireGuardSetAdapterState", error, Name);
            }

            WireGuardNTLog.StateSet(_logger, Name, up ? "up" : "down");
        }, cancellationToken);

    /// <summary>Whether the adapter is up, as the driver reports it.</summary>
    /// <exception cref="WireGuardException">WireGuardGetAdapterState failed.</exception>
    public Task<bool> IsUpAsync(CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            if (!_api.GetAdapterState(_adapter, out WireGuardAdapterState state, out int error))
            {
                NativeErrors.Throw("WireGuardGetAdapterState", error, Name);
            }

            return state == WireGuardAdapterState.Up;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// WireGuardNT has no call that deletes an adapter: closing the handle that created it does. So this works only
    /// on a device that <see cref="CreatedHere"/>; on an opened one it fails with <see cref="InvalidOperationException"/>
    /// and the adapter lives on until its creator closes it.
    /// </remarks>
    public Task DeleteAsync(CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            if (!CreatedHere)
            {
                throw new InvalidOperationException(
                    $"WireGuardNT adapter {Name} was opened, not created, by this process: only the process that created it can remove it");
            }

            CloseAdapter();
        }, cancellationToken);

    /// <summary>Closes the adapter handle, which removes the adapter when <see cref="CreatedHere"/>.</summary>
    public ValueTask DisposeAsync()
    {
        CloseAdapter();
        return ValueTask.CompletedTask;
    }

    private void CloseAdapter()
    {
        if (_adapter.IsClosed)
        {
            return;
        }

        _adapter.Dispose();
        if (CreatedHere)
        {
            WireGuardNTLog.AdapterRemoved(_logger, Name);
        }
    }

    private Task Run(Action action, CancellationToken cancellationToken) =>
        Run<object?>(() =>
        {
            action();
            return null;
        }, cancellationToken);

    private Task<T> Run<T>(Func<T> action, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            ObjectDisposedException.ThrowIf(_adapter.IsClosed, this);
            return Task.FromResult(action());
        }
#pragma warning disable CA1031 // Every failure belongs in the returned task, as it would for an async method.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<T>(e);
        }
    }
}
