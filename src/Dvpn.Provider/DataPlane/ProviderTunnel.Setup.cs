using Dvpn.WireGuard;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Dvpn.WireGuard.Userspace.Backend;

namespace Dvpn.Provider.DataPlane;

/// <summary>Choosing the backend, clearing what a crashed run left, and tearing down.</summary>
internal sealed partial class ProviderTunnel
{
    /// <summary>How long a leftover interface may take to disappear after it was deleted.</summary>
    private static readonly TimeSpan LeftoverRemovalTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan LeftoverPollInterval = TimeSpan.FromMilliseconds(50);

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static async Task<IWireGuardBackend> SelectBackendAsync(TunnelOptions options, INetworkInterfaceControl control,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        WireGuardBackendOptions backendOptions = new()
        {
            // In another namespace only wireguard-go can be placed there (behind the launch prefix).
            PreferredBackend = options.NetworkNamespace is null ? null : WireGuardBackendKind.Uapi,
            Uapi = UapiOptionsFor(options),
            InterfaceControl = control,
            LoggerFactory = loggerFactory,
        };
        if (options.UsesManagedUserspace)
        {
            // Chosen by setting, not probed: our engine in this process, in the namespace the launch prefix names.
            var managed = new ManagedUserspaceBackend(backendOptions);
            WireGuardCapabilities capabilities = await managed.GetCapabilitiesAsync(cancellationToken);
            return capabilities.Available ? managed
                : throw new DataPlaneException($"Provider:Tunnel:Backend is ManagedUserspace but it cannot run here: {capabilities.UnavailableReason}");
        }

        try
        {
            return await WireGuardBackends.SelectAsync(backendOptions, cancellationToken);
        }
        catch (WireGuardException e)
        {
            throw new DataPlaneException(
                $"no WireGuard implementation can run here ({e.Message}); install wireguard-go (apt install wireguard-go) or load the kernel module", e);
        }
    }

    /// <summary>A copy of <see cref="TunnelOptions.Uapi"/> with the namespace's launch prefix when there is one.</summary>
    private static UapiBackendOptions UapiOptionsFor(TunnelOptions options)
    {
        UapiBackendOptions source = options.Uapi;
        return new UapiBackendOptions
        {
            SocketDirectory = source.SocketDirectory,
            WireGuardGoPath = source.WireGuardGoPath,
            LaunchPrefix = options.NetworkNamespace is null ? source.LaunchPrefix : options.CommandPrefix,
            ReadyTimeout = source.ReadyTimeout,
            OperationTimeout = source.OperationTimeout,
            StopTimeout = source.StopTimeout,
            MaxRestarts = source.MaxRestarts,
            RestartDelay = source.RestartDelay,
            MaxRestartDelay = source.MaxRestartDelay,
            VerboseLogging = source.VerboseLogging,
        };
    }

    /// <summary>
    /// Deletes an interface with our name that an earlier run left (after a SIGKILL its wireguard-go lives on), and
    /// waits until it and its UAPI socket are gone. Something that is not a WireGuard interface is never touched.
    /// </summary>
    private static async Task RemoveLeftoverInterfaceAsync(IWireGuardBackend backend, INetworkInterfaceControl control,
        TunnelOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        string name = options.Interface;
        if (!control.InterfaceExists(name))
        {
            return;
        }

        LogRemovingLeftover(logger, name);
        IWireGuardDevice stale;
        try
        {
            stale = await backend.OpenAsync(name, cancellationToken);
        }
        catch (WireGuardException e)
        {
            throw new DataPlaneException(
                $"an interface named '{name}' exists and is not a WireGuard interface this provider can take over ({e.Message}); delete it or choose another Provider:Tunnel:Interface", e);
        }

        await using (stale)
        {
            await Step($"cannot delete the interface '{name}' left by an earlier run", () => stale.DeleteAsync(cancellationToken));
        }

        string socketPath = Path.Combine(options.Uapi.SocketDirectory, name + ".sock");
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(LeftoverRemovalTimeout);
        try
        {
            // wireguard-go exits (removing its socket) once its TUN device is deleted; wait for both.
            while (control.InterfaceExists(name) || (backend.Kind == WireGuardBackendKind.Uapi && File.Exists(socketPath)))
            {
                await Task.Delay(LeftoverPollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (control.InterfaceExists(name))
            {
                throw new DataPlaneException($"the interface '{name}' left by an earlier run was deleted but did not go away within {LeftoverRemovalTimeout}");
            }

            // Only the socket is left: wireguard-go's start removes a socket nobody answers on.
        }
    }

    private static async Task DeleteDeviceAsync(IWireGuardDevice device, ILogger logger)
    {
        try
        {
            await device.DeleteAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // teardown goes on (the nft table must still be removed); the failure is logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogTeardownFailed(logger, "the WireGuard interface", device.Name, e);
        }
        finally
        {
            await device.DisposeAsync();
        }
    }

    private static async Task RemoveTableAsync(NftTable nft, ILogger logger)
    {
        try
        {
            await nft.RemoveAsync(CancellationToken.None);
        }
        catch (DataPlaneException e)
        {
            LogTeardownFailed(logger, "the nftables table", nft.Name, e);
        }
    }
}
