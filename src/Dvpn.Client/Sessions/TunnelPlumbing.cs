using System.Net;
using System.Runtime.Versioning;
using Dvpn.Client.Options;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Linux;
using Dvpn.WireGuard.Uapi;
using Dvpn.WireGuard.Userspace.Backend;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Sessions;

/// <summary>
/// Creates and removes the client's WireGuard interface, its addresses and its routes, in the process's namespace
/// or the configured one. One per client; sessions come and go on the same interface name.
/// </summary>
/// <remarks>
/// Linux only for now: routes go through rtnetlink (<see cref="TunnelRouting"/>), which keeps a state file so that a
/// crash never leaves routes behind that the next start does not know about. The Windows path (WireGuardNT plus IP
/// Helper routes) is not built yet.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class TunnelPlumbing : IDisposable
{
    private readonly TunnelOptions _options;
    private readonly RtNetlinkInterfaceControl _control;
    private readonly TunnelRouting _routing;
    private readonly IWireGuardBackend _backend;
    private readonly ILogger _logger;

    public TunnelPlumbing(TunnelOptions options, string routeStatePath, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger<TunnelPlumbing>();
        _control = options.NetworkNamespace is { } ns ? RtNetlinkInterfaceControl.OpenInNamespace(ns) : new RtNetlinkInterfaceControl();
        _routing = new TunnelRouting(_control, routeStatePath);
        var uapiOptions = new UapiBackendOptions
        {
            WireGuardGoPath = options.WireGuardGoPath,
            LaunchPrefix = options.NetworkNamespace is { } name ? ["ip", "netns", "exec", name] : [],
        };
        var backendOptions = new WireGuardBackendOptions
        {
            PreferredBackend = options.Backend,
            Uapi = uapiOptions,
            InterfaceControl = _control,
            LoggerFactory = loggerFactory,
            TimeProvider = time,
        };
        // The managed engine runs in this process (in the namespace, when there is one); wireguard-go runs behind the
        // launch prefix; the others are chosen by the platform's selector.
        _backend = options.Backend switch
        {
            WireGuardBackendKind.ManagedUserspace when OperatingSystem.IsLinux() => new ManagedUserspaceBackend(backendOptions),
            // wireguard-go is the default, and the only other backend a launch prefix can place in a namespace.
            _ when options.Backend is null or WireGuardBackendKind.Uapi || options.NetworkNamespace is not null
                => new UapiWireGuardBackend(uapiOptions, _control, loggerFactory, time),
            _ => WireGuardBackends.Create(options.Backend.Value, backendOptions),
        };
    }

    public string InterfaceName => _options.InterfaceName;

    /// <summary>Removes what a crashed run left: its routes (from the state file) and a stale interface of our name.</summary>
    public async Task CleanupStaleAsync(CancellationToken cancellationToken)
    {
        int removed = await _routing.CleanupAsync(cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            Log.StaleRoutesRemoved(_logger, removed);
        }

        if (!_control.InterfaceExists(InterfaceName))
        {
            return;
        }

        Log.StaleInterfaceRemoved(_logger, InterfaceName);
        _control.DeleteLink(InterfaceName);
        for (int i = 0; i < 50 && _control.InterfaceExists(InterfaceName); i++)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false); // wireguard-go exits asynchronously after its TUN is gone
        }
    }

    /// <summary>Creates the interface with one peer (the provider), addresses, MTU, link up.</summary>
    public async Task<IWireGuardDevice> CreateAsync(PrivateKey key, PeerConfig provider, IReadOnlyList<InterfaceAddress> addresses, int mtu,
        CancellationToken cancellationToken)
    {
        IWireGuardDevice device = await _backend.CreateAsync(InterfaceName, cancellationToken).ConfigureAwait(false);
        try
        {
            await device.ApplyAsync(new InterfaceConfig { PrivateKey = key, ListenPort = 0, ReplacePeers = true, Peers = [provider] }, cancellationToken)
                .ConfigureAwait(false);
            foreach (InterfaceAddress address in addresses)
            {
                await _control.AddAddressAsync(InterfaceName, address, cancellationToken).ConfigureAwait(false);
            }

            await _control.SetMtuAsync(InterfaceName, mtu, cancellationToken).ConfigureAwait(false);
            await device.SetUpAsync(true, cancellationToken).ConfigureAwait(false);
            return device;
        }
        catch
        {
            await DeleteQuietlyAsync(device).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Routes: everything through the tunnel except the provider's endpoint (<see cref="TunnelOptions.RouteAllTraffic"/>),
    /// or only the provider's gateway.
    /// </summary>
    public async Task RouteAsync(IPAddress endpoint, IPAddress gateway, bool ipv6, CancellationToken cancellationToken)
    {
        if (_options.RouteAllTraffic)
        {
            await _routing.InstallAsync(InterfaceName, endpoint, ipv6, cancellationToken).ConfigureAwait(false);
            return;
        }

        int index = _control.GetInterfaceIndex(InterfaceName);
        await _control.AddRouteAsync(new LinuxRoute
        {
            Destination = new IPNetwork(gateway, gateway.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128),
            InterfaceIndex = index,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the routes, then the interface (its own routes go with it).</summary>
    public async Task TeardownAsync(IWireGuardDevice? device)
    {
        try
        {
            await _routing.CleanupAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // teardown goes on: the interface must still go, and the next start cleans routes from the state file
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.TeardownStepFailed(_logger, "routes", e);
        }

        if (device is not null)
        {
            await DeleteQuietlyAsync(device).ConfigureAwait(false);
        }
    }

    public bool InterfaceExists() => _control.InterfaceExists(InterfaceName);

    public void Dispose() => _control.Dispose();

    private async Task DeleteQuietlyAsync(IWireGuardDevice device)
    {
        try
        {
            await device.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // best effort: the next start removes a stale interface of our name
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.TeardownStepFailed(_logger, "interface", e);
        }
        finally
        {
            await device.DisposeAsync().ConfigureAwait(false);
        }
    }
}
