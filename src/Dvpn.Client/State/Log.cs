using Microsoft.Extensions.Logging;

namespace Dvpn.Client.State;

internal static partial class Log
{
    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Tunnel state: {State}")]
    public static partial void StateChanged(ILogger logger, string state);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Provider {Provider} failed ({Reason}): {Detail}; avoided until {Until}")]
    public static partial void ProviderFailed(ILogger logger, string provider, string reason, string detail, DateTimeOffset until);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "No provider available: {Detail}; retrying in {Delay}")]
    public static partial void NoProvider(ILogger logger, string detail, TimeSpan delay);

    [LoggerMessage(EventId = 423, Level = LogLevel.Information, Message = "Session with {Provider} ended: {Detail}")]
    public static partial void SessionEnded(ILogger logger, string provider, string detail);

    [LoggerMessage(EventId = 424, Level = LogLevel.Warning, Message = "Cannot connect: {Detail}; retrying in {Delay}")]
    public static partial void ConnectBlocked(ILogger logger, string detail, TimeSpan delay);

    [LoggerMessage(EventId = 425, Level = LogLevel.Error, Message = "The connection loop failed unexpectedly; retrying")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 426, Level = LogLevel.Error, Message = "The kill switch could not be changed: {Detail}")]
    public static partial void GuardFailed(ILogger logger, string detail);
}
