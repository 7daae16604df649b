using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Uapi;

/// <summary>Log messages of the UAPI backend (event ids 3100-3199). Never given key material.</summary>
internal static partial class UapiLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Ignoring unknown UAPI attribute {Key} on line {Line}")]
    public static partial void UnknownAttribute(ILogger logger, string key, int line);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "UAPI {Operation} on {SocketPath} done")]
    public static partial void OperationDone(ILogger logger, string operation, string socketPath);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Started wireguard-go for {Interface} (pid {ProcessId})")]
    public static partial void ProcessStarted(ILogger logger, string @interface, int processId);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "wireguard-go for {Interface} is ready on {SocketPath}")]
    public static partial void ProcessReady(ILogger logger, string @interface, string socketPath);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Information, Message = "wireguard-go {Interface}: {Line}")]
    public static partial void ProcessOutput(ILogger logger, string @interface, string line);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "wireguard-go for {Interface} (pid {ProcessId}) exited unexpectedly with code {ExitCode}")]
    public static partial void ProcessDied(ILogger logger, string @interface, int processId, int exitCode);

    [LoggerMessage(EventId = 3114, Level = LogLevel.Information, Message = "Restarting wireguard-go for {Interface} in {Delay} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void ProcessRestarting(ILogger logger, string @interface, TimeSpan delay, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 3115, Level = LogLevel.Error, Message = "Restarting wireguard-go for {Interface} failed")]
    public static partial void RestartFailed(ILogger logger, string @interface, Exception exception);

    [LoggerMessage(EventId = 3116, Level = LogLevel.Information, Message = "wireguard-go for {Interface} (pid {ProcessId}) stopped with code {ExitCode}")]
    public static partial void ProcessStopped(ILogger logger, string @interface, int processId, int exitCode);

    [LoggerMessage(EventId = 3117, Level = LogLevel.Warning, Message = "wireguard-go for {Interface} (pid {ProcessId}) ignored SIGTERM; killing it")]
    public static partial void ProcessKilled(ILogger logger, string @interface, int processId);

    [LoggerMessage(EventId = 3118, Level = LogLevel.Information, Message = "Removed stale UAPI socket {SocketPath} (connection refused)")]
    public static partial void StaleSocketRemoved(ILogger logger, string socketPath);
}
