namespace Dvpn.Client.Events;

/// <summary>Numbers events and hands them to every subscriber; never blocks the publisher.</summary>
internal sealed class EventHub(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<ClientEventSubscription> _subscribers = [];
    private long _sequence;

    public long LastSequence => Interlocked.Read(ref _sequence);

    public ClientEventSubscription Subscribe(int capacity, Func<ClientEvent> snapshot)
    {
        lock (_gate)
        {
            // Taken under the publish lock, so no event can fall between the snapshot and the first queued event.
            var subscription = new ClientEventSubscription(capacity, () => snapshot() with { Sequence = LastSequence, At = time.GetUtcNow() }, Remove);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    public ClientEvent Publish(ClientEvent e)
    {
        lock (_gate)
        {
            ClientEvent numbered = e with { Sequence = ++_sequence, At = time.GetUtcNow() };
            foreach (ClientEventSubscription subscriber in _subscribers)
            {
                subscriber.Post(numbered);
            }

            return numbered;
        }
    }

    private void Remove(ClientEventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }
}
