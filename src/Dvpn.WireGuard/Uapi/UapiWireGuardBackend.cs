using Dvpn.WireGuard.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// WireGuard through a userspace implementation that speaks the cross-platform UAPI on a Unix socket: wireguard-go,
/// started and supervised per interface (<see cref="CreateAsync"/>), or any running implementation
/// (<see cref="OpenAsync"/>). Works inside a network namespace through <see cref="UapiBackendOptions.LaunchPrefix"/>.
/// </summary>
public sealed class UapiWireGuardBackend : IWireGuardBackend
{
    private readonly UapiBackendOptions _options;
    private readonly INetworkInterfaceControl? _interfaceControl;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the backend.</summary>
    /// <param name="options">Settings; defaults when null. Copied and validated here.</param>
    /// <param name="interfaceControl">Link control for <see cref="UapiWireGuardDevice.SetUpAsync"/>; when null, Linux
    /// falls back to <c>ip link</c> behind the launch prefix.</param>
    /// <param name="loggerFactory">Where to log; nothing by default.</param>
    /// <param name="timeProvider">The clock for deadlines; <see cref="TimeProvider.System"/> by default.</param>
    public UapiWireGuardBackend(UapiBackendOptions? options = null, INetworkInterfaceControl? interfaceControl = null,
        ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _options = (options ?? new UapiBackendOptions()).Clone();
        _options.Validate();
        _interfaceControl = interfaceControl;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public WireGuardBackendKind Kind => WireGuardBackendKind.Uapi;

    /// <summary>
    /// Probes that this is Linux (the client speaks UAPI over Unix sockets; wireguard-go on Windows uses named pipes),
    /// that <c>wireguard-go --version</c> runs, and that <c>/dev/net/tun</c> opens.
    /// </summary>
    public ValueTask<WireGuardCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        UapiCapabilities.ProbeAsync(_options.WireGuardGoPath, cancellationToken);

    /// <summary>Starts wireguard-go for <paramref name="name"/> (see <see cref="WireGuardGoProcess.StartAsync"/>).</summary>
    /// <exception cref="WireGuardException">The interface exists or wireguard-go could not be started.</exception>
    public async Task<IWireGuardDevice> CreateAsync(string name, CancellationToken cancellationToken = default) =>
        await CreateDeviceAsync(name, cancellationToken).ConfigureAwait(false);

    /// <summary>Attaches to the running implementation behind <c>&lt;SocketDirectory&gt;/&lt;name&gt;.sock</c>.</summary>
    /// <exception cref="WireGuardException">No socket, or it does not answer a <c>get</c>.</exception>
    public async Task<IWireGuardDevice> OpenAsync(string name, CancellationToken cancellationToken = default) =>
        await OpenDeviceAsync(name, cancellationToken).ConfigureAwait(false);

    /// <summary><see cref="CreateAsync"/> with the concrete type.</summary>
    public async Task<UapiWireGuardDevice> CreateDeviceAsync(string name, CancellationToken cancellationToken = default)
    {
        WireGuardGoProcess process = await WireGuardGoProcess.StartAsync(name, _options, _loggerFactory, _timeProvider,
            cancellationToken).ConfigureAwait(false);
        return new UapiWireGuardDevice(name, process.Client, process, _options, _interfaceControl);
    }

    /// <summary><see cref="OpenAsync"/> with the concrete type.</summary>
    public async Task<UapiWireGuardDevice> OpenDeviceAsync(string name, CancellationToken cancellationToken = default)
    {
        InterfaceName.Validate(name);
        string socketPath = _options.GetSocketPath(name);
        if (!File.Exists(socketPath))
        {
            throw new WireGuardException($"no WireGuard interface {name}: {socketPath} does not exist");
        }

        UapiClient client = new(socketPath, _options.OperationTimeout, _loggerFactory.CreateLogger<UapiClient>(), _timeProvider);
        await client.GetAsync(cancellationToken).ConfigureAwait(false); // fails clearly now rather than on first use
        return new UapiWireGuardDevice(name, client, process: null, _options, _interfaceControl);
    }
}
