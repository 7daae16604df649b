using System.Collections.Frozen;
using Dvpn.Control.Server.Authorization;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Hosting;

/// <summary>
/// Who may call what (issue 6 plan, "Access"): every method of dvpn.control.v1, of grpc.health.v1 and of server
/// reflection, listed by full name. Reads are open to any local user (secrets redacted in the handlers); everything
/// else, every change and every money move, needs Admin (root or the operator group). The dvpn.control.v1 rows come
/// from the proto descriptors, so a method added to a .proto is listed (as Admin) without touching this file.
/// </summary>
internal static class ControlMethods
{
    /// <summary>The methods any local user may call.</summary>
    public static readonly FrozenSet<string> Reads = new[]
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
        "/grpc.health.v1.Health/Check",
        "/grpc.health.v1.Health/Watch",
        "/grpc.health.v1.Health/List",
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every service of dvpn.control.v1.</summary>
    public static IEnumerable<Google.Protobuf.Reflection.ServiceDescriptor> Services =>
    [
        V1.TunnelReflection.Descriptor.Services.Single(),
        V1.EventsReflection.Descriptor.Services.Single(),
        V1.ProvidersReflection.Descriptor.Services.Single(),
        V1.WalletReflection.Descriptor.Services.Single(),
        V1.SpendingReflection.Descriptor.Services.Single(),
        V1.StatsReflection.Descriptor.Services.Single(),
        V1.SettingsReflection.Descriptor.Services.Single(),
        V1.DiagnosticsReflection.Descriptor.Services.Single(),
    ];

    /// <summary>Every dvpn.control.v1 method's full name.</summary>
    public static IEnumerable<string> ControlMethodNames =>
        Services.SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}"));

    /// <summary>The table: every control method (Admin unless it is a read), plus health and reflection.</summary>
    public static MethodAccessTable Create()
    {
        var roles = new Dictionary<string, ControlRole>(StringComparer.Ordinal);
        foreach (string method in ControlMethodNames)
        {
            roles[method] = Reads.Contains(method) ? ControlRole.ReadOnly : ControlRole.Admin;
        }

        foreach (string method in Reads.Where(m => !m.StartsWith("/dvpn.", StringComparison.Ordinal)))
        {
            roles[method] = ControlRole.ReadOnly;
        }

        // A read named here that the protos do not have is a typo that would leave the real method Admin-only.
        string? unknown = Reads.FirstOrDefault(m => m.StartsWith("/dvpn.", StringComparison.Ordinal) && !roles.ContainsKey(m));
        return unknown is null
            ? new MethodAccessTable(roles)
            : throw new InvalidOperationException($"ControlMethods.Reads names {unknown}, which dvpn.control.v1 does not have");
    }
}
