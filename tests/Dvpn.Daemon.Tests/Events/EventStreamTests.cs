using Dvpn.Daemon.Tests.Support;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Events;

/// <summary>WatchEvents on the real daemon: a snapshot first, then ordered changes; a slow subscriber gets a resync.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class EventStreamTests(DaemonLabFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task WatchEvents_StartsWithASnapshot_ThenConnectPhasesInOrder_WithStrictlyIncreasingSequences()
    {
        await using EventWatch watch = await EventWatch.StartAsync(Control.Events, Timeout);
        V1.Event first = watch.Events[0];
        Assert.Equal(V1.Event.KindOneofCase.Snapshot, first.KindCase);
        Assert.Equal(V1.TunnelState.StateOneofCase.Disconnected, first.Snapshot.State.StateCase);
        Assert.Equal(V1.TargetState.Unsecured, first.Snapshot.Target);

        try
        {
            await Control.Tunnel.ConnectAsync(new V1.ConnectRequest { Selection = new V1.ProviderSelection { Regions = { DaemonLabFixture.Region } } },
                deadline: Deadline.In(Timeout));
            await watch.WaitForAsync(e => e.TunnelStateChanged?.State.StateCase == V1.TunnelState.StateOneofCase.Connected, Timeout, "Connected");
        }
        finally
        {
            await Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest());
        }

        await watch.WaitForAsync(e => e.TunnelStateChanged?.State.StateCase == V1.TunnelState.StateOneofCase.Disconnected, Timeout, "Disconnected");
        IReadOnlyList<V1.Event> events = watch.Events;
        for (int i = 1; i < events.Count; i++)
        {
            // Per stream and without gaps: a gap would mean an event was lost without a Resync saying so.
            Assert.True(events[i].Sequence == events[i - 1].Sequence + 1, $"event {i} has sequence {events[i].Sequence} after {events[i - 1].Sequence}:\n{watch.Describe()}");
        }

        Assert.DoesNotContain(events.Skip(1), e => e.KindCase is V1.Event.KindOneofCase.Snapshot or V1.Event.KindOneofCase.Resync);

        // The tunnel's path: connecting (phases never going back) -> connected -> disconnecting -> disconnected.
        List<V1.TunnelState> states = [.. events.Where(e => e.TunnelStateChanged is not null).Select(e => e.TunnelStateChanged.State)];
        string path = string.Join(" ", states.Select(Name));
        int connected = states.FindIndex(s => s.StateCase == V1.TunnelState.StateOneofCase.Connected);
        Assert.True(connected > 0, path);
        Assert.All(states.Take(connected), s => Assert.Equal(V1.TunnelState.StateOneofCase.Connecting, s.StateCase));
        V1.ConnectPhase[] phases = [.. states.Take(connected).Select(s => s.Connecting.Phase)];
        Assert.Equal(phases.Order(), phases);
        Assert.Equal(V1.ConnectPhase.Selecting, phases[0]);
        Assert.Contains(V1.ConnectPhase.Handshaking, phases);
        Assert.Equal(V1.TunnelState.StateOneofCase.Disconnected, states[^1].StateCase);
        Assert.Contains(states.Skip(connected), s => s.StateCase == V1.TunnelState.StateOneofCase.Disconnecting);
        Assert.Equal(V1.TargetState.Unsecured, events.Last(e => e.TunnelStateChanged is not null).TunnelStateChanged.Target);
    }

    private static string Name(V1.TunnelState s) =>
        s.StateCase == V1.TunnelState.StateOneofCase.Connecting ? $"Connecting({s.Connecting.Phase})" : s.StateCase.ToString();
}
