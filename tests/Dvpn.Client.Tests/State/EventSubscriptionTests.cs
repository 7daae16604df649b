using Dvpn.Client.Events;
using Dvpn.Client.State;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Client.Tests.State;

public sealed class EventSubscriptionTests
{
    private static readonly TunnelStateChanged Snapshot = new(new Disconnected(false), TargetState.Unsecured);

    [Fact]
    public async Task Subscribe_FirstEventIsASnapshotThenEventsInOrder()
    {
        var hub = new EventHub(new FakeTimeProvider());
        hub.Publish(new ProvidersRefreshed(1, 1, 0));
        await using ClientEventSubscription subscription = hub.Subscribe(16, () => Snapshot);

        hub.Publish(new ProvidersRefreshed(2, 1, 0));
        hub.Publish(new ProvidersRefreshed(3, 1, 0));

        ClientEvent first = await subscription.ReadAsync();
        Assert.IsType<TunnelStateChanged>(first);
        Assert.Equal(1, first.Sequence); // the snapshot carries the last sequence it includes
        Assert.Equal(2, (await subscription.ReadAsync()).Sequence);
        Assert.Equal(3, (await subscription.ReadAsync()).Sequence);
    }

    [Fact]
    public async Task SlowSubscriber_GetsADroppedNoticeAndAFreshSnapshotInsteadOfUnboundedMemory()
    {
        var hub = new EventHub(new FakeTimeProvider());
        await using ClientEventSubscription slow = hub.Subscribe(4, () => Snapshot);

        for (int i = 0; i < 100; i++)
        {
            hub.Publish(new ProvidersRefreshed((ulong)i, 1, 0));
        }

        var received = new List<ClientEvent>();
        while (slow.TryRead(out ClientEvent? queued))
        {
            received.Add(queued);
        }

        Assert.Contains(received, e => e is EventsDropped);
        Assert.IsType<TunnelStateChanged>(received[received.FindIndex(e => e is EventsDropped) + 1]);
        Assert.True(slow.Dropped > 0);
        Assert.True(received.Count <= 4);
    }

    [Fact]
    public async Task DisposedSubscription_ReceivesNothingMore()
    {
        var hub = new EventHub(new FakeTimeProvider());
        ClientEventSubscription subscription = hub.Subscribe(8, () => Snapshot);
        await subscription.DisposeAsync();

        hub.Publish(new ProvidersRefreshed(1, 1, 0));

        Assert.IsType<TunnelStateChanged>(await subscription.ReadAsync());
        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await subscription.ReadAsync());
    }
}
