using System.Reflection;
using System.Runtime.InteropServices;
using Dvpn.Control.Server.Authorization;
using Dvpn.Daemon.Logging;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Serilog.Core;
using Serilog.Events;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>DiagnosticsService: version, capabilities, the log stream, the log level and problem reports.</summary>
internal sealed class DiagnosticsApi(LoggingLevelSwitch levels, LogBuffer logs, Capabilities capabilities, SecretRedactor redactor,
    ProblemReportBuilder reports, IHostApplicationLifetime lifetime) : V1.DiagnosticsService.DiagnosticsServiceBase
{
    public const string ApiVersion = "dvpn.control.v1";

    public override Task<V1.Version> GetVersion(V1.GetVersionRequest request, ServerCallContext context) => Task.FromResult(Version());

    internal static V1.Version Version() => new()
    {
        Daemon = typeof(DiagnosticsApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        Api = ApiVersion,
        Runtime = RuntimeInformation.FrameworkDescription,
        Os = RuntimeInformation.OSDescription,
    };

    public override Task<V1.Capabilities> GetCapabilities(V1.GetCapabilitiesRequest request, ServerCallContext context)
    {
        V1.Capabilities result = capabilities.Read();
        result.LogLevel = ToProto(levels.MinimumLevel);
        return Task.FromResult(result);
    }

    /// <summary>The backlog, then (with <c>follow</c>) live lines until the caller hangs up or the daemon stops. Callers
    /// who are not operators never get DEBUG or TRACE lines (they can carry more detail than a reader should see), and
    /// key file paths are redacted for them.</summary>
    public override async Task WatchLogs(V1.WatchLogsRequest request, IServerStreamWriter<V1.LogEntry> responseStream, ServerCallContext context)
    {
        LogEventLevel? requested = request.MinLevel == V1.LogLevel.Unspecified ? LogEventLevel.Information : ToSerilog(request.MinLevel);
        if (requested is not { } min)
        {
            throw ApiErrors.InvalidArgument("min_level", "must be one of LOG_LEVEL_TRACE to LOG_LEVEL_CRITICAL (or unset)", V1.ErrorReason.InvalidValue);
        }

        bool redact = context.MustRedactSecrets();
        if (redact && min < LogEventLevel.Information)
        {
            min = LogEventLevel.Information;
        }

        using LogBuffer.Subscription subscription = logs.Subscribe((int)Math.Min(request.Backlog, LogBuffer.Capacity));
        foreach (LogRecord line in subscription.Backlog)
        {
            await Write(line).ConfigureAwait(false);
        }

        if (!request.Follow)
        {
            return;
        }

        using var live = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (LogRecord line in subscription.Live.ReadAllAsync(live.Token).ConfigureAwait(false))
            {
                await Write(line).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The daemon is stopping: the stream ends (OK) rather than holding the shutdown until the caller hangs up.
        }

        Task Write(LogRecord line) => line.Level < min
            ? Task.CompletedTask
            : responseStream.WriteAsync(ToProto(line, redact ? redactor : null), context.CancellationToken);
    }

    public override Task<V1.SetLogLevelResponse> SetLogLevel(V1.SetLogLevelRequest request, ServerCallContext context)
    {
        levels.MinimumLevel = ToSerilog(request.Level)
            ?? throw ApiErrors.InvalidArgument("level", "must be one of LOG_LEVEL_TRACE to LOG_LEVEL_CRITICAL", V1.ErrorReason.InvalidValue);
        return Task.FromResult(new V1.SetLogLevelResponse { Level = request.Level });
    }

    public override async Task<V1.ProblemReport> CreateProblemReport(V1.CreateProblemReportRequest request, ServerCallContext context)
    {
        if (request.Description.Length > ProblemReportBuilder.MaxDescriptionLength)
        {
            throw ApiErrors.InvalidArgument("description", $"at most {ProblemReportBuilder.MaxDescriptionLength} characters", V1.ErrorReason.InvalidValue);
        }

        (string name, byte[] zip) = await reports.BuildAsync(request.Description, context.CancellationToken).ConfigureAwait(false);
        return new V1.ProblemReport { FileName = name, Zip = Google.Protobuf.ByteString.CopyFrom(zip) };
    }

    internal static V1.LogEntry ToProto(LogRecord line, SecretRedactor? redactor) => new()
    {
        At = Timestamp.FromDateTimeOffset(line.At),
        Level = ToProto(line.Level),
        Category = line.Category,
        Message = redactor?.Redact(line.Message) ?? line.Message,
    };

    internal static LogEventLevel? ToSerilog(V1.LogLevel level) => level switch
    {
        V1.LogLevel.Trace => LogEventLevel.Verbose,
        V1.LogLevel.Debug => LogEventLevel.Debug,
        V1.LogLevel.Information => LogEventLevel.Information,
        V1.LogLevel.Warning => LogEventLevel.Warning,
        V1.LogLevel.Error => LogEventLevel.Error,
        V1.LogLevel.Critical => LogEventLevel.Fatal,
        _ => null,
    };

    internal static V1.LogLevel ToProto(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => V1.LogLevel.Trace,
        LogEventLevel.Debug => V1.LogLevel.Debug,
        LogEventLevel.Information => V1.LogLevel.Information,
        LogEventLevel.Warning => V1.LogLevel.Warning,
        LogEventLevel.Error => V1.LogLevel.Error,
        _ => V1.LogLevel.Critical,
    };
}
