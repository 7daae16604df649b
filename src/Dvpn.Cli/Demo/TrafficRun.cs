using System.Diagnostics;
using System.Runtime.Versioning;
using Dvpn.Control.V1;
using Dvpn.Devnet.Namespaces;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Dvpn.Cli.Demo;

/// <summary>
/// Real traffic through the tunnel: a TCP transfer between the client's namespace and the lab's internet host
/// (which only a provider's tunnel reaches), SHA-256 checked at both ends, while StatsService.WatchStats prints the
/// session's live figures once a second.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class TrafficRun
{
    private static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(30);

    public static async Task<TcpTransferResult> RunAsync(TextWriter output, DemoNetwork network, long bytes, bool upload,
        CancellationToken cancellationToken)
    {
        using var stopStats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        Task watching = WatchAsync(output, new StatsService.StatsServiceClient(network.Channel), clock, stopStats.Token);
        TcpTransferResult result;
        try
        {
            result = upload
                ? await network.Lab.TransferToInternetAsync(bytes, TransferTimeout, cancellationToken)
                : await network.Lab.TransferFromInternetAsync(bytes, TransferTimeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            // A failover mid-transfer moves the tunnel to a provider with another public address: the TCP
            // connection through the old one cannot continue. The events above say what happened.
            throw new DemoException($"The transfer through the tunnel stalled: {e.Message}", e);
        }
        finally
        {
            await stopStats.CancelAsync();
            await watching;
        }

        string direction = upload ? "client → internet" : "internet → client";
        output.WriteLine($"  transfer  {direction}: {Units.Size(result.BytesReceived)} of {Units.Size(result.BytesSent)} in {Units.Seconds(result.Elapsed)} " +
            $"({Units.Rate(result.BytesReceived / result.Elapsed.TotalSeconds)}), SHA-256 {(result.Intact ? "matches" : "DIFFERS")}");
        if (!result.Intact || result.BytesReceived != bytes)
        {
            throw new DemoException($"The transfer through the tunnel was not intact: {result}.");
        }

        return result;
    }

    private static async Task WatchAsync(TextWriter output, StatsService.StatsServiceClient stats, Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            using AsyncServerStreamingCall<SessionStats> call = stats.WatchStats(
                new WatchStatsRequest { Interval = Duration.FromTimeSpan(StatsInterval) }, cancellationToken: cancellationToken);
            await foreach (SessionStats s in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                output.WriteLine($"  stats     {Units.Seconds(clock.Elapsed),6}  up {Units.Size(s.BytesSent),9}  down {Units.Size(s.BytesReceived),9}  " +
                    $"{Units.Rate(Math.Max(s.SendRate, s.ReceiveRate)),12}  tickets {s.TicketsSent,3}  spent {Units.Eth(s.TicketsExpectedValue)}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || cancellationToken.IsCancellationRequested)
        {
        }
    }
}
