using Serilog.Events;

namespace Dvpn.Daemon.Logging;

/// <summary>One rendered log line, as WatchLogs and the problem report give it out.</summary>
internal sealed record LogRecord(DateTimeOffset At, LogEventLevel Level, string Category, string Message);
