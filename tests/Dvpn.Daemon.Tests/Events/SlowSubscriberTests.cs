using System.Globalization;
using Dvpn.Control;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Events;

/// <summary>
/// A WatchEvents subscriber that does not read, on a daemon with the smallest event queue (Daemon:EventQueueCapacity
/// 16): once the transport's buffers (HTTP/2 flow-control window, Kestrel's response buffer) and its queue are full, it
/// is resynchronised instead of growing memory, and the next thing it reads after the kept events is a Resync carrying
/// a fresh snapshot.
/// </summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class SlowSubscriberTests(DaemonLabFixture fixture, ITestOutputHelper output)
{
    private const int QueueCapacity = 16;

    // ProvidersRefreshed events are small on the wire: measured, ~2,450 of them fill the 64 KiB stream window,
    // Kestrel's response buffer and the queue before the first resync; this many leave a margin.
    private const int Refreshes = 3500;
    private const int Parallel = 16;

    [Fact]
    public async Task SubscriberThatDoesNotRead_IsResynchronised_WithAFreshSnapshot_InsteadOfQueueingEveryEvent()
    {
        DaemonAccount account = await fixture.CreateAccountAsync();
        await using DaemonProcess daemon = await fixture.StartDaemonAsync(account,
            s => s.Set("Daemon:EventQueueCapacity", QueueCapacity.ToString(CultureInfo.InvariantCulture)));
        using GrpcChannel channel = ControlChannel.ForUnixSocket(daemon.SocketPath);
        var control = new ControlClients(channel);

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using AsyncServerStreamingCall<V1.Event> slow = control.Events.WatchEvents(new V1.WatchEventsRequest(), cancellationToken: stop.Token);
        await slow.ResponseHeadersAsync;

        // Many events while the subscriber reads nothing.
        int next = 0;
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Refreshes)
            {
                await control.Providers.RefreshProvidersAsync(new V1.RefreshProvidersRequest(), cancellationToken: stop.Token);
            }
        }));

        // Now it reads: the snapshot, what fitted in the buffers and the queue, then a Resync with a snapshot.
        var read = new List<V1.Event>();
        V1.Event? resync = null;
        while (resync is null && read.Count <= Refreshes + 1 && await slow.ResponseStream.MoveNext(stop.Token))
        {
            read.Add(slow.ResponseStream.Current);
            if (slow.ResponseStream.Current.KindCase == V1.Event.KindOneofCase.Resync)
            {
                resync = slow.ResponseStream.Current;
            }
        }

        output.WriteLine($"{Refreshes} refreshes: read {read.Count} events, then a Resync dropping {resync?.Resync.Dropped}");
        Assert.Equal(V1.Event.KindOneofCase.Snapshot, read[0].KindCase);
        Assert.True(resync is not null, $"no Resync among the {read.Count} events read after {Refreshes} refreshes");
        Assert.True(resync.Resync.Dropped > 0, $"{resync}");
        Assert.NotNull(resync.Resync.Snapshot);
        Assert.Equal(V1.TunnelState.StateOneofCase.Disconnected, resync.Resync.Snapshot.State.StateCase);
        Assert.True(read.Count - 2 < Refreshes, $"read {read.Count} events: nothing was dropped");
        for (int i = 1; i < read.Count; i++)
        {
            Assert.True(read[i].Sequence > read[i - 1].Sequence, $"event {i}: sequence {read[i].Sequence} after {read[i - 1].Sequence}");
        }
    }
}
