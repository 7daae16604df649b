using System.Reflection;
using System.Runtime.InteropServices;
using Grpc.Core;
using Serilog.Core;
using Serilog.Events;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>DiagnosticsService (WIP: version, capabilities and log level; log stream and problem report to come).</summary>
internal sealed class DiagnosticsApi(LoggingLevelSwitch levels) : V1.DiagnosticsService.DiagnosticsServiceBase
{
    public const string ApiVersion = "dvpn.control.v1";

    public override Task<V1.Version> GetVersion(V1.GetVersionRequest request, ServerCallContext context) =>
        Task.FromResult(new V1.Version
        {
            Daemon = typeof(DiagnosticsApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            Api = ApiVersion,
            Runtime = RuntimeInformation.FrameworkDescription,
            Os = RuntimeInformation.OSDescription,
        });

    public override Task<V1.SetLogLevelResponse> SetLogLevel(V1.SetLogLevelRequest request, ServerCallContext context)
    {
        levels.MinimumLevel = request.Level switch
        {
            V1.LogLevel.Trace => LogEventLevel.Verbose,
            V1.LogLevel.Debug => LogEventLevel.Debug,
            V1.LogLevel.Information => LogEventLevel.Information,
            V1.LogLevel.Warning => LogEventLevel.Warning,
            V1.LogLevel.Error => LogEventLevel.Error,
            V1.LogLevel.Critical => LogEventLevel.Fatal,
            _ => throw ApiErrors.InvalidArgument("level", "must be one of LOG_LEVEL_TRACE to LOG_LEVEL_CRITICAL"),
        };
        return Task.FromResult(new V1.SetLogLevelResponse { Level = request.Level });
    }
}
