using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>The WireGuardNT backend's log messages (event ids 4100-4199).</summary>
internal static partial class WireGuardNTLog
{
    [LoggerMessage(EventId = 4100, Message = "WireGuardNT: {DriverMessage} (at {Timestamp})")]
    public static partial void DriverMessage(ILogger logger, LogLevel level, string driverMessage, DateTimeOffset? timestamp);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Created WireGuardNT adapter {Name} (LUID {Luid:X16})")]
    public static partial void AdapterCreated(ILogger logger, string name, ulong luid);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Opened WireGuardNT adapter {Name} (LUID {Luid:X16})")]
    public static partial void AdapterOpened(ILogger logger, string name, ulong luid);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Set the configuration of {Name}: {PeerCount} peers, {Bytes} bytes")]
    public static partial void ConfigurationSet(ILogger logger, string name, int peerCount, int bytes);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "WireGuardNT adapter {Name} is now {State}")]
    public static partial void StateSet(ILogger logger, string name, string state);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Could not turn on driver logging for {Name} (Win32 error {Error})")]
    public static partial void AdapterLoggingFailed(ILogger logger, string name, int error);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Closed WireGuardNT adapter {Name}; it was created here, so the driver removed it")]
    public static partial void AdapterRemoved(ILogger logger, string name);
}
