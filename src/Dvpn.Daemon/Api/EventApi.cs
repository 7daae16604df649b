using Dvpn.Client;
using Dvpn.Client.Events;
using Dvpn.Daemon.Hosting;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>
/// EventService: each call is one bounded library subscription (Daemon:EventQueueCapacity events). Its first message is the snapshot the subscription
/// was taken with (no get-then-subscribe race); a subscriber that falls behind gets a Resync with the present state.
/// </summary>
internal sealed class EventApi(DvpnClient client, DaemonOptions options) : V1.EventService.EventServiceBase
{
    public override async Task WatchEvents(V1.WatchEventsRequest request, IServerStreamWriter<V1.Event> responseStream, ServerCallContext context)
    {
        await using ClientEventSubscription subscription = client.Subscribe(options.EventQueueCapacity);
        await foreach (ClientEvent e in subscription.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            V1.Event? message = e switch
            {
                TunnelStateChanged s when s.Sequence == subscription.Snapshot.Sequence && ReferenceEquals(s, subscription.Snapshot) =>
                    new V1.Event { Sequence = (ulong)s.Sequence, At = Timestamp.FromDateTimeOffset(s.At), Snapshot = Snapshot() },
                EventsDropped d => new V1.Event
                {
                    Sequence = (ulong)d.Sequence,
                    At = Timestamp.FromDateTimeOffset(d.At),
                    Resync = new V1.Resync { Dropped = (ulong)d.Dropped, Snapshot = Snapshot() },
                },
                _ => e.ToProto(),
            };
            if (message is not null)
            {
                await responseStream.WriteAsync(message, context.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    private V1.Snapshot Snapshot()
    {
        var snapshot = new V1.Snapshot { State = client.State.ToProto(), Target = client.Target.ToProto() };
        if (client.CurrentSession is { } stats)
        {
            snapshot.Session = stats.ToProto();
        }

        return snapshot;
    }
}
