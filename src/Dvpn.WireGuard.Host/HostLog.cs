using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Host;

/// <summary>dvpn-wg's own log lines (event ids 7200-7209).</summary>
internal static partial class HostLog
{
    [LoggerMessage(7200, LogLevel.Error, "cannot create interface {Name}: {Reason}")]
    public static partial void CannotCreate(ILogger logger, string name, string reason);

    [LoggerMessage(7201, LogLevel.Information, "interface {Name} up, UAPI on {Socket}")]
    public static partial void Up(ILogger logger, string name, string? socket);

    [LoggerMessage(7202, LogLevel.Error, "interface {Name} failed")]
    public static partial void Failed(ILogger logger, Exception? exception, string name);

    [LoggerMessage(7203, LogLevel.Information, "interface {Name} was deleted, exiting")]
    public static partial void Deleted(ILogger logger, string name);
}
