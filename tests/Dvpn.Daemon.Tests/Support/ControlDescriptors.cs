using Google.Protobuf.Reflection;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Support;

/// <summary>dvpn.control.v1 as its generated file descriptors describe it.</summary>
internal static class ControlDescriptors
{
    /// <summary>Every service of every dvpn.control.v1 file.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        .. new[]
        {
            V1.CommonReflection.Descriptor, V1.TunnelReflection.Descriptor, V1.EventsReflection.Descriptor, V1.ProvidersReflection.Descriptor,
            V1.WalletReflection.Descriptor, V1.SpendingReflection.Descriptor, V1.StatsReflection.Descriptor, V1.SettingsReflection.Descriptor,
            V1.DiagnosticsReflection.Descriptor,
        }.SelectMany(f => f.Services),
    ];

    /// <summary>Every method's full gRPC path, e.g. <c>/dvpn.control.v1.TunnelService/Connect</c>.</summary>
    public static IReadOnlyList<string> MethodPaths { get; } = [.. Services.SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}"))];

    /// <summary>The methods any local user may call (issue 6 plan, "Access"): everything else changes state or moves money.</summary>
    public static IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "/dvpn.control.v1.TunnelService/GetTunnelState",
        "/dvpn.control.v1.EventService/WatchEvents",
        "/dvpn.control.v1.ProviderService/ListProviders",
        "/dvpn.control.v1.ProviderService/GetProvider",
        "/dvpn.control.v1.ProviderService/PreviewSelection",
        "/dvpn.control.v1.ProviderService/ProbeProvider",
        "/dvpn.control.v1.ProviderService/GetProviderLists",
        "/dvpn.control.v1.WalletService/GetWallet",
        "/dvpn.control.v1.WalletService/GetTransaction",
        "/dvpn.control.v1.WalletService/EstimateCost",
        "/dvpn.control.v1.SpendingService/GetSpendPolicy",
        "/dvpn.control.v1.SpendingService/GetSpendSummary",
        "/dvpn.control.v1.StatsService/GetSessionStats",
        "/dvpn.control.v1.StatsService/WatchStats",
        "/dvpn.control.v1.StatsService/ListSessions",
        "/dvpn.control.v1.SettingsService/GetSettings",
        "/dvpn.control.v1.DiagnosticsService/GetVersion",
        "/dvpn.control.v1.DiagnosticsService/GetCapabilities",
        "/dvpn.control.v1.DiagnosticsService/WatchLogs",
    };

    /// <summary>Every method that is not a read.</summary>
    public static IReadOnlyList<string> Mutating { get; } = [.. MethodPaths.Where(m => !Reads.Contains(m))];
}
