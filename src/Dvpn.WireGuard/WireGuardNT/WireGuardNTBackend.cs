using System.Runtime.InteropServices;
using Dvpn.WireGuard.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// WireGuardNT, the in-kernel WireGuard for Windows, through our own bindings to wireguard.dll (which must sit next
/// to the application). Safe to create on any OS: elsewhere <see cref="GetCapabilitiesAsync"/> reports it unavailable
/// and the other calls throw <see cref="PlatformNotSupportedException"/>. Creating adapters needs Administrator rights.
/// </summary>
public sealed class WireGuardNTBackend : IWireGuardBackend
{
    /// <summary>The tunnel type adapters are created with by default (shown by Windows as the adapter's type).</summary>
    public const string DefaultTunnelType = "DvpnClient";

    /// <summary>MAX_ADAPTER_NAME: adapter names and tunnel types are at most this many UTF-16 units, NUL included.</summary>
    internal const int MaxAdapterName = 128;

    private readonly IWireGuardNTApi? _api;
    private readonly ILogger _logger;
    private readonly string _tunnelType;
    private readonly bool _forwardDriverLogs;
    private readonly object _loggerGate = new();
    private bool _driverLoggerSet;

    internal WireGuardNTBackend(IWireGuardNTApi? api, ILoggerFactory? loggerFactory, string tunnelType)
    {
        ValidateName(tunnelType, nameof(tunnelType));
        _api = api;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<WireGuardNTBackend>();
        _tunnelType = tunnelType;
        _forwardDriverLogs = loggerFactory is not null;
    }

    /// <summary>
    /// The backend for this machine, to register with the backend selector. Driver messages are forwarded to a
    /// logger from <paramref name="loggerFactory"/> (wireguard.dll has one logger per process: the last backend wins).
    /// </summary>
    /// <param name="loggerFactory">Where this backend and the driver log; null for nowhere.</param>
    /// <param name="tunnelType">The adapters' tunnel type, at most 127 characters; default <see cref="DefaultTunnelType"/>.</param>
    public static WireGuardNTBackend Create(ILoggerFactory? loggerFactory = null, string tunnelType = DefaultTunnelType) =>
        new(OperatingSystem.IsWindows() ? new WireGuardNTApi() : null, loggerFactory, tunnelType);

    /// <inheritdoc />
    public WireGuardBackendKind Kind => WireGuardBackendKind.WireGuardNT;

    /// <inheritdoc />
    /// <remarks>The version is the running driver's ("major.minor"); it is null until the driver is loaded, which happens
    /// when the first adapter is created.</remarks>
    public ValueTask<WireGuardCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_api is null)
        {
            return ValueTask.FromResult(Unavailable("WireGuardNT runs on Windows only"));
        }

        if (!_api.TryLoadLibrary(out string? failure))
        {
            return ValueTask.FromResult(Unavailable(failure));
        }

        uint version = _api.GetRunningDriverVersion(out _);
        string? text = version == 0 ? null : $"{version >> 16}.{version & 0xFFFF}";
        return ValueTask.FromResult(new WireGuardCapabilities(
            WireGuardBackendKind.WireGuardNT, Available: true, UnavailableReason: null, text,
            SupportsFirewallMark: false, RequiresExternalProcess: false));
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">An adapter named <paramref name="name"/> already exists.</exception>
    /// <exception cref="WireGuardException">WireGuardCreateAdapter failed (not elevated, driver install refused...).</exception>
    public Task<IWireGuardDevice> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name, nameof(name));
        IWireGuardNTApi api = RequireApi();

        // Creating the first adapter installs and loads the driver, which takes seconds: keep it off the caller's thread.
        return Task.Run<IWireGuardDevice>(() =>
        {
            // WireGuardCreateAdapter does not refuse a name in use, so the interface's "fails when it exists" is checked here.
            using (SafeHandle existing = api.OpenAdapter(name, out _))
            {
                if (!existing.IsInvalid)
                {
                    throw new InvalidOperationException($"a WireGuardNT adapter named {name} already exists");
                }
            }

            SafeHandle adapter = api.CreateAdapter(name, _tunnelType, AdapterGuid.For(_tunnelType, name), out int error);
            var device = Wrap(api, adapter, name, error, createdHere: true, "WireGuardCreateAdapter");
            WireGuardNTLog.AdapterCreated(_logger, name, device.InterfaceLuid);
            return device;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="WireGuardException">WireGuardOpenAdapter failed (Win32 error 2 when there is no such adapter).</exception>
    public Task<IWireGuardDevice> OpenAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name, nameof(name));
        IWireGuardNTApi api = RequireApi();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IWireGuardDevice>(cancellationToken);
        }

        try
        {
            SafeHandle adapter = api.OpenAdapter(name, out int error);
            var device = Wrap(api, adapter, name, error, createdHere: false, "WireGuardOpenAdapter");
            WireGuardNTLog.AdapterOpened(_logger, name, device.InterfaceLuid);
            return Task.FromResult<IWireGuardDevice>(device);
        }
        catch (WireGuardException e)
        {
            return Task.FromException<IWireGuardDevice>(e);
        }
    }

    private WireGuardNTDevice Wrap(IWireGuardNTApi api, SafeHandle adapter, string name, int error, bool createdHere, string function)
    {
        if (adapter.IsInvalid)
        {
            adapter.Dispose();
            NativeErrors.Throw(function, error, name);
        }

        try
        {
            AttachDriverLogger(api, adapter, name);
            return new WireGuardNTDevice(api, adapter, name, createdHere, _logger);
        }
        catch
        {
            adapter.Dispose();
            throw;
        }
    }

    /// <summary>Points the process-wide driver logger at ours (once) and asks the driver to log for this adapter.</summary>
    private void AttachDriverLogger(IWireGuardNTApi api, SafeHandle adapter, string name)
    {
        if (!_forwardDriverLogs)
        {
            return;
        }

        lock (_loggerGate)
        {
            if (!_driverLoggerSet)
            {
                DriverLogger.Target = _logger;
                api.SetLogger(enabled: true);
                _driverLoggerSet = true;
            }
        }

        if (!api.SetAdapterLogging(adapter, WireGuardAdapterLogState.On, out int error))
        {
            // Logs are a convenience: an adapter that cannot log still carries traffic.
            WireGuardNTLog.AdapterLoggingFailed(_logger, name, error);
        }
    }

    private IWireGuardNTApi RequireApi() =>
        _api ?? throw new PlatformNotSupportedException("WireGuardNT runs on Windows only");

    private static WireGuardCapabilities Unavailable(string reason) =>
        new(WireGuardBackendKind.WireGuardNT, Available: false, reason, Version: null,
            SupportsFirewallMark: false, RequiresExternalProcess: false);

    private static void ValidateName(string name, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameterName);
        if (name.Length >= MaxAdapterName || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"must be at most {MaxAdapterName - 1} characters without NUL", parameterName);
        }
    }
}
