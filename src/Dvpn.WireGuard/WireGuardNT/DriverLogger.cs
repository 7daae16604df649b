using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// The WIREGUARD_LOGGER_CALLBACK: wireguard.dll has one logger per process, so the target <see cref="ILogger"/> is
/// process-wide as well (the last backend that attaches one wins).
/// </summary>
internal static class DriverLogger
{
    private static readonly ulong MaxFileTime = (ulong)DateTime.MaxValue.ToFileTimeUtc();
    private static volatile ILogger? s_logger;

    /// <summary>The logger driver messages go to; null drops them.</summary>
    public static ILogger? Target
    {
        get => s_logger;
        set => s_logger = value;
    }

    /// <summary>
    /// Called by wireguard.dll from any thread, concurrently. Nothing may escape: an exception unwinding into native
    /// code ends the process.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static unsafe void OnDriverLog(WireGuardLoggerLevel level, ulong timestamp, char* message)
    {
        try
        {
            ILogger? logger = s_logger;
            if (logger is null || message is null)
            {
                return;
            }

            LogLevel logLevel = level switch
            {
                WireGuardLoggerLevel.Info => LogLevel.Information,
                WireGuardLoggerLevel.Warn => LogLevel.Warning,
                _ => LogLevel.Error,
            };
            if (!logger.IsEnabled(logLevel))
            {
                return;
            }

            // Timestamp: 100 ns intervals since 1601-01-01 UTC, i.e. a FILETIME.
            DateTimeOffset? at = timestamp != 0 && timestamp <= MaxFileTime
                ? new DateTimeOffset(DateTime.FromFileTimeUtc((long)timestamp))
                : null;
            WireGuardNTLog.DriverMessage(logger, logLevel, new string(message), at);
        }
#pragma warning disable CA1031 // Catch more specific exceptions: nothing at all may cross back into native code.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
