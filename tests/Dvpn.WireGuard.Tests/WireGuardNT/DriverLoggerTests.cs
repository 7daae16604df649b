using Dvpn.WireGuard.WireGuardNT;
using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

/// <summary>The WIREGUARD_LOGGER_CALLBACK, called through a function pointer just as wireguard.dll calls it.</summary>
[Collection(DriverLoggerCollection.Name)]
public sealed unsafe class DriverLoggerTests : IDisposable
{
    private readonly CapturingLoggerFactory _sink = new();

    public DriverLoggerTests() => DriverLogger.Target = _sink;

    public void Dispose() => DriverLogger.Target = null;

    [Theory]
    [InlineData(0, LogLevel.Information)] // WIREGUARD_LOG_INFO
    [InlineData(1, LogLevel.Warning)]     // WIREGUARD_LOG_WARN
    [InlineData(2, LogLevel.Error)]       // WIREGUARD_LOG_ERR
    public void Callback_ForwardsLevelMessageAndTime(int level, LogLevel expected)
    {
        Invoke((WireGuardLoggerLevel)level, 133486382450000000, "Handshake for peer 1 did not complete"); // 2024-01-02T03:04:05Z

        (LogLevel actual, EventId eventId, string message) = Assert.Single(_sink.Entries);
        Assert.Equal(expected, actual);
        Assert.Equal(4100, eventId.Id);
        Assert.Contains("Handshake for peer 1 did not complete", message, StringComparison.Ordinal);
        Assert.Contains("2024", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Callback_NoTarget_DropsTheMessage()
    {
        DriverLogger.Target = null;

        Invoke(WireGuardLoggerLevel.Info, 0, "dropped");

        Assert.Empty(_sink.Entries);
    }

    [Fact]
    public void Callback_NullMessageAndAbsurdTime_NeitherThrowsNorLogsGarbage()
    {
        delegate* unmanaged[Stdcall]<WireGuardLoggerLevel, ulong, char*, void> callback = &DriverLogger.OnDriverLog;
        callback(WireGuardLoggerLevel.Err, ulong.MaxValue, null);
        Invoke(WireGuardLoggerLevel.Err, ulong.MaxValue, "late");

        (_, _, string message) = Assert.Single(_sink.Entries);
        Assert.Contains("late", message, StringComparison.Ordinal);
    }

    private static void Invoke(WireGuardLoggerLevel level, ulong timestamp, string text)
    {
        delegate* unmanaged[Stdcall]<WireGuardLoggerLevel, ulong, char*, void> callback = &DriverLogger.OnDriverLog;
        fixed (char* message = text) // a string is pinned with its NUL terminator: an LPCWSTR
        {
            callback(level, timestamp, message);
        }
    }
}

/// <summary>Tests that touch the process-wide driver logger run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DriverLoggerCollection
{
    public const string Name = "WireGuardNT driver logger";
}
