using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Sessions;

internal static partial class Log
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Session {SessionId} opened with provider {Provider} at {PricePerGiB} per GiB")]
    public static partial void SessionOpened(ILogger logger, string provider, string sessionId, string pricePerGiB);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Removed {Count} routes a previous run left behind")]
    public static partial void StaleRoutesRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Removed the interface {Interface} a previous run left behind")]
    public static partial void StaleInterfaceRemoved(ILogger logger, string @interface);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Tearing down the tunnel's {Step} failed")]
    public static partial void TeardownStepFailed(ILogger logger, string step, Exception exception);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "CloseSession to provider {Provider} failed: {Reason}")]
    public static partial void CloseFailed(ILogger logger, string provider, string reason);
}
