using Dvpn.WireGuard.Uapi;
using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Devices;

/// <summary>What <see cref="WireGuardBackends"/> chooses from, and what it hands to the backend it creates.</summary>
public sealed class WireGuardBackendOptions
{
    /// <summary>The backend to use; null (default) picks the best available one for this platform.</summary>
    public WireGuardBackendKind? PreferredBackend { get; set; }

    /// <summary>Settings of the UAPI backend. Default: its defaults.</summary>
    public UapiBackendOptions Uapi { get; set; } = new();

    /// <summary>Link control handed to backends that need one; null (default) lets each use its fallback.</summary>
    public INetworkInterfaceControl? InterfaceControl { get; set; }

    /// <summary>Where backends log; null (default) for nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock backends use; null (default) for <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
