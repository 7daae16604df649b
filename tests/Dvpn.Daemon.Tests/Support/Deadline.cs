namespace Dvpn.Daemon.Tests.Support;

/// <summary>gRPC call deadlines (absolute UTC times).</summary>
internal static class Deadline
{
    public static DateTime In(TimeSpan timeout) => TimeProvider.System.GetUtcNow().UtcDateTime + timeout;
}
