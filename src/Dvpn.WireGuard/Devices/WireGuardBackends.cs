using System.Collections.Concurrent;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.WireGuard.Devices;

/// <summary>
/// Picks the WireGuard backend for this machine. UAPI is built in; the platform backends (WireGuardNT, the Linux
/// kernel, the managed userspace one) are added with <see cref="Register"/> by whoever composes the application, so
/// this selector does not depend on them. Automatic choice: on Windows WireGuardNT; on Linux the kernel when its
/// probe says available, else UAPI; elsewhere UAPI.
/// </summary>
public static class WireGuardBackends
{
    private static readonly ConcurrentDictionary<WireGuardBackendKind, Func<WireGuardBackendOptions, IWireGuardBackend>> Factories = new();

    /// <summary>Makes <paramref name="kind"/> available to <see cref="Create"/> and <see cref="SelectAsync"/>;
    /// a later registration of the same kind replaces the earlier one.</summary>
    public static void Register(WireGuardBackendKind kind, Func<WireGuardBackendOptions, IWireGuardBackend> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factories[kind] = factory;
    }

    /// <summary>Removes a registration (tests).</summary>
    internal static bool Unregister(WireGuardBackendKind kind) => Factories.TryRemove(kind, out _);

    /// <summary>True when <paramref name="kind"/> can be created (built in or registered).</summary>
    public static bool IsRegistered(WireGuardBackendKind kind) =>
        kind is WireGuardBackendKind.Uapi or WireGuardBackendKind.WireGuardNT
        || (kind == WireGuardBackendKind.LinuxKernel && OperatingSystem.IsLinux())
        || Factories.ContainsKey(kind);

    /// <summary>Creates the backend of <paramref name="kind"/> without probing it.</summary>
    /// <exception cref="NotSupportedException"><paramref name="kind"/> is not registered.</exception>
    public static IWireGuardBackend Create(WireGuardBackendKind kind, WireGuardBackendOptions? options = null)
    {
        options ??= new WireGuardBackendOptions();
        if (Factories.TryGetValue(kind, out Func<WireGuardBackendOptions, IWireGuardBackend>? factory))
        {
            return factory(options);
        }

        // The backends in this assembly need no registration; others (the managed userspace one) register.
        if (kind == WireGuardBackendKind.Uapi)
        {
            return new UapiWireGuardBackend(options.Uapi, options.InterfaceControl, options.LoggerFactory, options.TimeProvider);
        }

        if (kind == WireGuardBackendKind.LinuxKernel && OperatingSystem.IsLinux())
        {
            return new Linux.LinuxKernelWireGuardBackend();
        }

        if (kind == WireGuardBackendKind.WireGuardNT)
        {
            return WireGuardNT.WireGuardNTBackend.Create(options.LoggerFactory);
        }

        throw new NotSupportedException($"the {kind} backend is not registered (WireGuardBackends.Register)");
    }

    /// <summary>
    /// Returns the preferred backend when one is set, else the first available one in this platform's order (see
    /// the type's remarks). Availability is probed with <see cref="IWireGuardBackend.GetCapabilitiesAsync"/>.
    /// </summary>
    /// <exception cref="WireGuardException">No candidate is available; the message gives each one's reason.</exception>
    public static async Task<IWireGuardBackend> SelectAsync(WireGuardBackendOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WireGuardBackendOptions();
        WireGuardBackendKind[] candidates = options.PreferredBackend is { } preferred ? [preferred] : PlatformOrder();
        List<string> reasons = [];
        foreach (WireGuardBackendKind kind in candidates)
        {
            if (!IsRegistered(kind))
            {
                reasons.Add($"{kind}: not registered");
                continue;
            }

            IWireGuardBackend backend = Create(kind, options);
            WireGuardCapabilities capabilities = await backend.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            if (capabilities.Available)
            {
                return backend;
            }

            reasons.Add($"{kind}: {capabilities.UnavailableReason}");
        }

        throw new WireGuardException("no WireGuard backend is available here (" + string.Join("; ", reasons) + ")");
    }

    private static WireGuardBackendKind[] PlatformOrder() =>
        OperatingSystem.IsWindows() ? [WireGuardBackendKind.WireGuardNT]
        : OperatingSystem.IsLinux() ? [WireGuardBackendKind.LinuxKernel, WireGuardBackendKind.Uapi]
        : [WireGuardBackendKind.Uapi];
}
