using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Resolution;

internal static partial class Log
{
    [LoggerMessage(EventId = 460, Level = LogLevel.Information, Message = "DNS: saved the previous {Path} ({Kind}) to {StatePath}")]
    public static partial void StateSaved(ILogger logger, string path, FileKind kind, string statePath);

    [LoggerMessage(EventId = 461, Level = LogLevel.Information,
        Message = "DNS: {Path} now points at {Servers} through {Interface}{InPlace}")]
    public static partial void ResolvConfWritten(ILogger logger, string path, string servers, string @interface, string inPlace);

    [LoggerMessage(EventId = 462, Level = LogLevel.Information, Message = "DNS: restored {Path} ({Kind}) from {StatePath}")]
    public static partial void Restored(ILogger logger, string path, FileKind kind, string statePath);

    [LoggerMessage(EventId = 463, Level = LogLevel.Error,
        Message = "DNS: the saved state {StatePath} cannot be used ({Problem}); leaving the current configuration alone and keeping the file as {CorruptPath}")]
    public static partial void StateCorrupt(ILogger logger, string statePath, string problem, string corruptPath);

    [LoggerMessage(EventId = 464, Level = LogLevel.Warning,
        Message = "DNS: {Path} is a file dvpnd generated but no saved state describes the file before it; a restore will keep it")]
    public static partial void OwnFileWithoutState(ILogger logger, string path);

    [LoggerMessage(EventId = 465, Level = LogLevel.Information, Message = "DNS: kept directory {Directory}: it is not empty")]
    public static partial void DirectoryKept(ILogger logger, string directory);

    [LoggerMessage(EventId = 466, Level = LogLevel.Information, Message = "DNS: systemd-resolved link {Interface} now uses {Servers} for every domain")]
    public static partial void LinkConfigured(ILogger logger, string @interface, string servers);

    [LoggerMessage(EventId = 467, Level = LogLevel.Information, Message = "DNS: reverted systemd-resolved link {Interface}{Gone}")]
    public static partial void LinkReverted(ILogger logger, string @interface, string gone);

    [LoggerMessage(EventId = 468, Level = LogLevel.Information, Message = "DNS: using {Backend} ({Reason})")]
    public static partial void BackendChosen(ILogger logger, string backend, string reason);

    [LoggerMessage(EventId = 469, Level = LogLevel.Error, Message = "DNS: what a crashed run changed in {Path} could not be put back yet; its saved state is kept for the next try")]
    public static partial void LeftoversNotRestored(ILogger logger, string path, Exception exception);
}
