using Dvpn.Daemon.Hosting;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Dvpn.Daemon.Logging;

/// <summary>
/// Serilog for dvpnd, built before the host (the socket setup logs): the console always (journald-friendly when
/// systemd runs the daemon), a daily rolling file under <c>Daemon:LogDirectory</c> unless it is empty, and the
/// in-memory <see cref="LogBuffer"/> for WatchLogs and problem reports. <see cref="LoggingLevelSwitch"/> is the
/// runtime level (SetLogLevel). A <c>Serilog</c> configuration section can add sinks and per-category levels.
/// </summary>
internal static class DaemonLogging
{
    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Set by systemd for a service whose standard output goes to the journal.</summary>
    public static bool UnderJournald => Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 };

    public static Logger Create(IConfiguration configuration, DaemonOptions options, LoggingLevelSwitch levels, LogBuffer buffer)
    {
        var logger = new LoggerConfiguration();
        if (configuration.GetSection("Serilog").Exists())
        {
            // Extra sinks and per-category levels. Read first: the level switch below must stay the minimum level, or
            // SetLogLevel would have no effect (reading the configuration fixes a minimum level of its own).
            logger = logger.ReadFrom.Configuration(configuration);
        }

        logger = logger
            .MinimumLevel.ControlledBy(levels)
            // Kestrel and the gRPC server log every request at Information: useful when debugging, noise otherwise.
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            // It logs every NOT_SERVING answer as an error ("dvpnd is starting"); health's answer itself says it.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            .WriteTo.Sink(buffer);
        logger = UnderJournald
            ? logger.WriteTo.Console(new JournaldFormatter())
            : logger.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (options.LogDirectory.Length > 0)
        {
            try
            {
                // Narrowed only when dvpnd creates it: an operator's choice of an existing directory (even /var/log) stays.
                if (!Directory.Exists(options.LogDirectory) && !OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(options.LogDirectory);
                    File.SetUnixFileMode(options.LogDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
                }
                else
                {
                    Directory.CreateDirectory(options.LogDirectory);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DaemonConfigurationException($"{DaemonOptions.Section}:{nameof(DaemonOptions.LogDirectory)}",
                    $"cannot create or use '{options.LogDirectory}' ({e.Message}); set it to \"\" to turn file logging off");
            }

            logger = logger.WriteTo.File(Path.Combine(options.LogDirectory, "dvpnd-.log"), outputTemplate: FileTemplate,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture, rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 7, hooks: new RestrictiveFileHooks());
        }

        return logger.CreateLogger();
    }
}
