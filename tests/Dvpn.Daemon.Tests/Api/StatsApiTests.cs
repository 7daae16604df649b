using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Namespaces;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>StatsService on the real daemon: no session when disconnected; counted traffic while connected; history after.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class StatsApiTests(DaemonLabFixture fixture)
{
    private const long TransferBytes = 2 * 1024 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task SessionStats_CountTheTunnelsTraffic_WatchStatsStreamsThem_AndListSessionsKeepsTheEndedSession()
    {
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "NOT_CONNECTED",
            () => Control.Stats.GetSessionStatsAsync(new V1.GetSessionStatsRequest()).ResponseAsync);

        string session;
        try
        {
            V1.ConnectResponse connected = await Control.Tunnel.ConnectAsync(
                new V1.ConnectRequest { Selection = new V1.ProviderSelection { Regions = { DaemonLabFixture.Region } } },
                deadline: Deadline.In(ConnectTimeout));
            session = connected.State.Connected.Session.SessionId;
            TcpTransferResult transfer = await fixture.Lab.TransferToInternetAsync(TransferBytes, TimeSpan.FromSeconds(30));
            Assert.True(transfer.Intact, $"{transfer}");

            // The counters are read from the tunnel periodically: they catch up with the transfer shortly.
            V1.SessionStats stats = await Control.Stats.GetSessionStatsAsync(new V1.GetSessionStatsRequest());
            await Dvpn.Testing.Eventually.HoldsAsync(
                async () => (stats = await Control.Stats.GetSessionStatsAsync(new V1.GetSessionStatsRequest())).BytesSent >= TransferBytes,
                TimeSpan.FromSeconds(10), $"the session's bytes sent reaching the {TransferBytes} transferred (last: {stats})");
            Assert.Equal(session, stats.SessionId);
            Assert.Equal(connected.State.Connected.Provider.Address, stats.Provider.Address);

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using AsyncServerStreamingCall<V1.SessionStats> watch = Control.Stats.WatchStats(
                new V1.WatchStatsRequest { Interval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(200)) },
                cancellationToken: stop.Token);
            var readings = new List<V1.SessionStats>();
            await foreach (V1.SessionStats reading in watch.ResponseStream.ReadAllAsync(stop.Token))
            {
                readings.Add(reading);
                if (readings.Count == 2)
                {
                    break;
                }
            }

            Assert.All(readings, r => Assert.Equal(session, r.SessionId));
            Assert.True(readings[1].BytesSent >= readings[0].BytesSent);
        }
        finally
        {
            await Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest());
        }

        V1.ListSessionsResponse history = await Control.Stats.ListSessionsAsync(new V1.ListSessionsRequest { Page = new V1.PageRequest { PageSize = 50 } });
        V1.SessionRecord record = Assert.Single(history.Sessions, s => s.SessionId == session);
        Assert.NotNull(record.Ended);
        Assert.True(record.BytesSent >= TransferBytes, $"{record}");
    }
}
