using System.Runtime.Versioning;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Userspace.Backend;

/// <summary>
/// The <see cref="WireGuardBackendKind.ManagedUserspace"/> backend: interfaces run by our engine inside this process
/// (<see cref="UserspaceInterface"/>), configured through their own UAPI socket with Dvpn.WireGuard's UAPI client,
/// so the behaviour seen through <see cref="IWireGuardDevice"/> is exactly what <c>wg</c> sees. No external binary.
/// Register it once with <see cref="Register"/>; the namespace comes from <see cref="UapiBackendOptions.LaunchPrefix"/>
/// (<c>ip netns exec NAME</c>), as for wireguard-go.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ManagedUserspaceBackend : IWireGuardBackend
{
    private readonly WireGuardBackendOptions _options;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the backend with <paramref name="options"/> (its UAPI settings give the socket directory, timeouts and namespace).</summary>
    public ManagedUserspaceBackend(WireGuardBackendOptions? options = null)
    {
        _options = options ?? new WireGuardBackendOptions();
        _loggerFactory = _options.LoggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <inheritdoc />
    public WireGuardBackendKind Kind => WireGuardBackendKind.ManagedUserspace;

    /// <summary>Makes <see cref="WireGuardBackendKind.ManagedUserspace"/> available to <see cref="WireGuardBackends"/>.</summary>
    public static void Register() =>
        WireGuardBackends.Register(WireGuardBackendKind.ManagedUserspace, options => new ManagedUserspaceBackend(options));

    /// <summary>Available where <c>/dev/net/tun</c> opens (root or CAP_NET_ADMIN on Linux).</summary>
    public ValueTask<WireGuardCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default)
    {
        string? reason = null;
        try
        {
            using FileStream tun = new("/dev/net/tun", FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"/dev/net/tun cannot be opened ({e.Message}); run as root or with CAP_NET_ADMIN";
        }

        return ValueTask.FromResult(new WireGuardCapabilities(
            WireGuardBackendKind.ManagedUserspace, reason is null, reason,
            typeof(ManagedUserspaceBackend).Assembly.GetName().Version?.ToString(), SupportsFirewallMark: true, RequiresExternalProcess: false));
    }

    /// <summary>Creates the interface and its engine in this process.</summary>
    /// <exception cref="WireGuardException">The TUN device or the UAPI socket cannot be created.</exception>
    public async Task<IWireGuardDevice> CreateAsync(string name, CancellationToken cancellationToken = default) =>
        await CreateDeviceAsync(name, cancellationToken).ConfigureAwait(false);

    /// <summary><see cref="CreateAsync"/> with the concrete type (which gives the provider's per-peer hook).</summary>
    public async Task<ManagedUserspaceDevice> CreateDeviceAsync(string name, CancellationToken cancellationToken = default)
    {
        UserspaceInterface engine;
        try
        {
            engine = UserspaceInterface.Start(name, new UserspaceInterfaceOptions
            {
                NetworkNamespace = NamespaceOf(_options.Uapi.LaunchPrefix),
                SocketDirectory = _options.Uapi.SocketDirectory,
            }, _loggerFactory, _options.TimeProvider);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or WireGuardException)
        {
            throw new WireGuardException($"cannot create WireGuard interface {name}: {e.Message}", e);
        }

        try
        {
            UapiWireGuardDevice uapi = await new UapiWireGuardBackend(_options.Uapi, _options.InterfaceControl, _loggerFactory, _options.TimeProvider)
                .OpenDeviceAsync(name, cancellationToken).ConfigureAwait(false);
            return new ManagedUserspaceDevice(engine, uapi);
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An interface exists only while the process that created it runs: opening one is the UAPI backend's job.</summary>
    public Task<IWireGuardDevice> OpenAsync(string name, CancellationToken cancellationToken = default) =>
        new UapiWireGuardBackend(_options.Uapi, _options.InterfaceControl, _loggerFactory, _options.TimeProvider).OpenAsync(name, cancellationToken);

    // "ip netns exec NAME" → NAME; anything else (empty) → this process's namespace.
    private static string? NamespaceOf(IReadOnlyList<string> launchPrefix) =>
        launchPrefix is ["ip", "netns", "exec", { } name] ? name : launchPrefix.Count == 0 ? null
        : throw new WireGuardException($"the managed userspace backend understands only the launch prefix 'ip netns exec NAME', not '{string.Join(' ', launchPrefix)}'");
}
