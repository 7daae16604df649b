using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Support;

/// <summary>One WatchEvents call read in the background into a list, with waits on what arrived.</summary>
internal sealed class EventWatch : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<V1.Event> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<V1.Event> _events = [];
    private readonly Task _reading;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EventWatch(V1.EventService.EventServiceClient client)
    {
        _call = client.WatchEvents(new V1.WatchEventsRequest(), cancellationToken: _stop.Token);
        _reading = ReadAsync();
    }

    /// <summary>Opens the stream and waits for its first message (so that later changes are after it).</summary>
    public static async Task<EventWatch> StartAsync(V1.EventService.EventServiceClient client, TimeSpan timeout)
    {
        var watch = new EventWatch(client);
        await watch.WaitForAsync(e => true, timeout, "the first event");
        return watch;
    }

    public IReadOnlyList<V1.Event> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The stream's failure, if it ended with one.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Waits for an event matching <paramref name="match"/> (one that already arrived counts) and returns it.</summary>
    public async Task<V1.Event> WaitForAsync(Func<V1.Event, bool> match, TimeSpan timeout, string what)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                V1.Event? found = _events.FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                arrived = _arrived.Task;
            }

            long left = deadline - Environment.TickCount64;
            if (left <= 0 || _reading.IsCompleted)
            {
                throw new TimeoutException(
                    $"No event for {what} within {timeout}{(Failure is null ? "" : $" (the stream failed: {Failure.Message})")}. Events:\n{Describe()}");
            }

            await Task.WhenAny(arrived, _reading, Task.Delay(TimeSpan.FromMilliseconds(left)));
        }
    }

    public string Describe() => string.Join("\n", Events.Select(e => e.ToString()));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        finally
        {
            _call.Dispose();
            _stop.Dispose();
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (V1.Event e in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                TaskCompletionSource arrived;
                lock (_gate)
                {
                    _events.Add(e);
                    arrived = _arrived;
                    _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                arrived.SetResult();
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && _stop.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // kept and reported by the waits
        catch (Exception e)
        {
            Failure = e;
        }
#pragma warning restore CA1031
    }
}
