namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>
/// A bounded first-in first-out queue with a blocking, timeout-able take that <see cref="Complete"/> wakes; the
/// in-memory transport and interface use it (tests only: it locks and the items are allocated).
/// </summary>
internal sealed class MemoryQueue<T>
{
    private readonly Queue<T> _items = new();
    private readonly int _capacity;
    private bool _completed;

    /// <summary>Creates an empty queue holding at most <paramref name="capacity"/> items.</summary>
    public MemoryQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>The number of queued items.</summary>
    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds <paramref name="item"/>; false (not added) when full or completed.</summary>
    public bool TryAdd(T item)
    {
        lock (_items)
        {
            if (_completed || _items.Count >= _capacity)
            {
                return false;
            }

            _items.Enqueue(item);
            Monitor.Pulse(_items);
            return true;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: forever) for an item; false on
    /// timeout or once completed (queued items are then abandoned).
    /// </summary>
    public bool TryTake(out T item, TimeSpan timeout)
    {
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_items)
        {
            while (!_completed)
            {
                if (_items.TryDequeue(out item!))
                {
                    return true;
                }

                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    break;
                }

                _ = Monitor.Wait(_items, deadline == long.MaxValue ? Timeout.Infinite : (int)Math.Min(left, int.MaxValue));
            }

            item = default!;
            return false;
        }
    }

    /// <summary>Refuses further items and wakes every waiting taker (which then returns false).</summary>
    public void Complete()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }
}
