using Dvpn.Client.Events;
using Dvpn.Client.State;

namespace Dvpn.Client.Tests.Support;

/// <summary>
/// Every event of one client, recorded from a subscription taken before the client starts, so a test waits on the
/// event it expects (seen already or still to come) with a deadline instead of sleeping.
/// </summary>
internal sealed class EventRecorder : IAsyncDisposable
{
    private readonly ClientEventSubscription _subscription;
    private readonly Lock _gate = new();
    private readonly List<ClientEvent> _events = [];
    private readonly List<(Func<ClientEvent, bool> Match, TaskCompletionSource<ClientEvent> Seen)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private EventRecorder(ClientEventSubscription subscription)
    {
        _subscription = subscription;
        _pump = PumpAsync();
    }

    public static EventRecorder Start(DvpnClient client) => new(client.Subscribe(4096));

    public IReadOnlyList<ClientEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The events so far, one per line, for failure messages.</summary>
    public string Describe() => string.Join('\n', Events.Select(e => e.ToString()));

    /// <summary>The first event of type <typeparamref name="T"/> matching <paramref name="match"/> after position
    /// <paramref name="after"/> (a sequence number), seen or to come; <see cref="TimeoutException"/> with every event at the deadline.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match, TimeSpan timeout, long after = 0) where T : ClientEvent
    {
        bool Matches(ClientEvent e) => e is T t && e.Sequence > after && (match?.Invoke(t) ?? true);
        var seen = new TaskCompletionSource<ClientEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_events.Find(Matches) is T already)
            {
                return already;
            }

            _waiters.Add((Matches, seen));
        }

        try
        {
            return (T)await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching {typeof(T).Name} within {timeout}. Events:\n{Describe()}");
        }
    }

    /// <summary>The first state change into <typeparamref name="TState"/> (matching <paramref name="match"/>) after <paramref name="after"/>.</summary>
    public async Task<(TState State, long Sequence)> WaitForStateAsync<TState>(TimeSpan timeout, Func<TState, bool>? match = null, long after = 0)
        where TState : TunnelState
    {
        TunnelStateChanged change = await WaitForAsync<TunnelStateChanged>(
            e => e.State is TState s && (match?.Invoke(s) ?? true), timeout, after);
        return ((TState)change.State, change.Sequence);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _subscription.DisposeAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        await foreach (ClientEvent e in _subscription.ReadAllAsync(_stop.Token))
        {
            lock (_gate)
            {
                _events.Add(e);
                foreach ((Func<ClientEvent, bool> match, TaskCompletionSource<ClientEvent> seen) in _waiters)
                {
                    if (match(e))
                    {
                        seen.TrySetResult(e);
                    }
                }
            }
        }
    }
}
