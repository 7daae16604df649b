using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>Log messages of the userspace UAPI server (event ids 3200-3299). Never given key material.</summary>
internal static partial class UapiServerLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "UAPI server for {Interface} listening on {SocketPath}")]
    public static partial void Listening(ILogger logger, string @interface, string socketPath);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Removed stale UAPI socket {SocketPath}")]
    public static partial void StaleSocketRemoved(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "UAPI server for {Interface} stopped")]
    public static partial void Stopped(ILogger logger, string @interface);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "UAPI request on {Interface} refused with errno {Errno}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string @interface, int errno, string reason);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Debug, Message = "UAPI {Operation} on {Interface} done")]
    public static partial void RequestDone(ILogger logger, string operation, string @interface);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Error, Message = "UAPI {Operation} on {Interface} failed unexpectedly")]
    public static partial void DeviceFailed(ILogger logger, string operation, string @interface, Exception exception);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Warning, Message = "UAPI server for {Interface} refused a connection: {MaxConnections} already open")]
    public static partial void TooManyConnections(ILogger logger, string @interface, int maxConnections);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Debug, Message = "UAPI connection on {Interface} ended: {Reason}")]
    public static partial void ConnectionEnded(ILogger logger, string @interface, string reason);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Error, Message = "UAPI server for {Interface} stopped accepting")]
    public static partial void AcceptFailed(ILogger logger, string @interface, Exception exception);
}
