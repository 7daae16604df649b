using System.Threading.Channels;

namespace Dvpn.Client.Events;

/// <summary>
/// One subscriber's bounded queue of events (see <see cref="DvpnClient.Subscribe"/>). The first event is always a
/// snapshot; when the queue is full the subscriber is marked behind, its queue is emptied, and it next reads an
/// <see cref="EventsDropped"/> followed by a fresh snapshot. Dispose it to unsubscribe.
/// </summary>
public sealed class ClientEventSubscription : IAsyncDisposable
{
    private readonly Channel<ClientEvent> _channel;
    private readonly Func<ClientEvent> _snapshot;
    private readonly Action<ClientEventSubscription> _unsubscribe;
    private readonly Lock _gate = new();
    private long _dropped;

    internal ClientEventSubscription(int capacity, Func<ClientEvent> snapshot, Action<ClientEventSubscription> unsubscribe)
    {
        _snapshot = snapshot;
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<ClientEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Snapshot = (TunnelStateChanged)snapshot();
        _channel.Writer.TryWrite(Snapshot);
    }

    /// <summary>The state when the subscription started (also its first event).</summary>
    public TunnelStateChanged Snapshot { get; }

    /// <summary>How many events this subscriber has lost to falling behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Reads events until <paramref name="cancellationToken"/> or disposal.</summary>
    public IAsyncEnumerable<ClientEvent> ReadAllAsync(CancellationToken cancellationToken = default) => _channel.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Reads the next event.</summary>
    public ValueTask<ClientEvent> ReadAsync(CancellationToken cancellationToken = default) => _channel.Reader.ReadAsync(cancellationToken);

    /// <summary>Takes the next event if one is queued.</summary>
    public bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ClientEvent clientEvent) => _channel.Reader.TryRead(out clientEvent);

    /// <summary>Unsubscribes; a pending read ends.</summary>
    public ValueTask DisposeAsync()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    internal void Post(ClientEvent e)
    {
        lock (_gate)
        {
            if (_channel.Writer.TryWrite(e))
            {
                return;
            }

            // Behind: drop what is queued, tell the subscriber, and give it the present state instead.
            long lost = 1;
            while (_channel.Reader.TryRead(out _))
            {
                lost++;
            }

            Interlocked.Add(ref _dropped, lost);
            _channel.Writer.TryWrite(new EventsDropped(lost) { Sequence = e.Sequence, At = e.At });
            ClientEvent snapshot = _snapshot();
            _channel.Writer.TryWrite(snapshot with { Sequence = e.Sequence, At = e.At });
        }
    }
}
