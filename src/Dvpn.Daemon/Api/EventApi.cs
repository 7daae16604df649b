using System.Threading.Channels;
using Dvpn.Client;
using Dvpn.Client.Events;
using Dvpn.Daemon.Hosting;
using Dvpn.Daemon.Settings;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>
/// EventService: each call is one bounded library subscription (Daemon:EventQueueCapacity events). Its first message
/// is the snapshot the subscription was taken with (no get-then-subscribe race); a subscriber that falls behind gets
/// a Resync with the present state. The daemon's own SettingsChanged events are merged in. Sequence numbers are the
/// stream's own: the snapshot carries the library's sequence, and every later message the next number, whichever
/// source it came from (so a stream never shows a gap, even for library events it does not carry).
/// </summary>
internal sealed class EventApi(DvpnClient client, DaemonOptions options, DaemonSettings settings, TimeProvider time,
    IHostApplicationLifetime lifetime) : V1.EventService.EventServiceBase
{
    /// <summary>Settings changes one subscriber may have pending; older ones are dropped (each names only paths,
    /// and a reader that far behind is resynchronised by the next GetSettings anyway).</summary>
    private const int SettingsQueue = 16;

    public override async Task WatchEvents(V1.WatchEventsRequest request, IServerStreamWriter<V1.Event> responseStream, ServerCallContext context)
    {
        var settingsChanges = Channel.CreateBounded<IReadOnlyList<string>>(new BoundedChannelOptions(SettingsQueue)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        void OnSettingsChanged(IReadOnlyList<string> paths) => settingsChanges.Writer.TryWrite(paths);

        // Ends when the caller hangs up or the daemon stops: an open stream (a tray app) must not hold the shutdown.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        await using ClientEventSubscription subscription = client.Subscribe(options.EventQueueCapacity);
        settings.Changed += OnSettingsChanged;
        Task<ClientEvent>? nextEvent = null;
        try
        {
            // The library's first item is the snapshot the subscription was taken with: it goes out first, with the
            // library's sequence number; every later message gets the next one.
            TunnelStateChanged snapshot = subscription.Snapshot;
            ClientEvent first = await subscription.ReadAsync(stop.Token).ConfigureAwait(false);
            ulong sequence = (ulong)Math.Max(0, first.Sequence);
            if (ToProto(first, snapshot) is { } opening)
            {
                opening.Sequence = sequence;
                await responseStream.WriteAsync(opening, stop.Token).ConfigureAwait(false);
            }

            Task<bool>? nextSettings = null;
            while (true)
            {
                nextEvent ??= subscription.ReadAsync(stop.Token).AsTask();
                nextSettings ??= settingsChanges.Reader.WaitToReadAsync(stop.Token).AsTask();
                Task done = await Task.WhenAny(nextEvent, nextSettings).ConfigureAwait(false);
                V1.Event? message;
                if (done == nextEvent)
                {
                    ClientEvent e;
                    try
                    {
                        e = await nextEvent.ConfigureAwait(false);
                    }
                    catch (ChannelClosedException)
                    {
                        return;
                    }

                    nextEvent = null;
                    message = ToProto(e, snapshot);
                }
                else
                {
                    _ = await nextSettings.ConfigureAwait(false);
                    nextSettings = null;
                    var changed = new V1.SettingsChanged();
                    while (settingsChanges.Reader.TryRead(out IReadOnlyList<string>? paths))
                    {
                        changed.Paths.AddRange(paths.Where(p => !changed.Paths.Contains(p)));
                    }

                    message = changed.Paths.Count == 0 ? null : new V1.Event { At = Timestamp.FromDateTimeOffset(time.GetUtcNow()), SettingsChanged = changed };
                }

                if (message is not null)
                {
                    message.Sequence = ++sequence;
                    await responseStream.WriteAsync(message, stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (ChannelClosedException)
        {
            // The client is shutting down: the stream ends.
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The daemon is stopping: the stream ends with OK.
        }
        finally
        {
            settings.Changed -= OnSettingsChanged;
            settingsChanges.Writer.TryComplete();
            await stop.CancelAsync().ConfigureAwait(false);
            if (nextEvent is not null)
            {
                // Let the outstanding read finish (cancelled) before the subscription is disposed.
                await ((Task)nextEvent).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private V1.Event? ToProto(ClientEvent e, TunnelStateChanged snapshot) => e switch
    {
        TunnelStateChanged s when ReferenceEquals(s, snapshot) =>
            new V1.Event { At = Timestamp.FromDateTimeOffset(s.At), Snapshot = Snapshot() },
        EventsDropped d => new V1.Event
        {
            At = Timestamp.FromDateTimeOffset(d.At),
            Resync = new V1.Resync { Dropped = (ulong)d.Dropped, Snapshot = Snapshot() },
        },
        _ => e.ToProto(),
    };

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
