namespace Dvpn.Protocol.Sessions;

/// <summary>
/// Remembers request digests until their timestamps leave the clock skew window, so a captured request cannot be
/// replayed while it would still pass the timestamp check. Bounded: when full, it refuses new requests rather than
/// forget ones still inside the window (forgetting would reopen the replay). Thread-safe.
/// </summary>
internal sealed class ReplayWindow
{
    private readonly Dictionary<UInt128, DateTimeOffset> _seen = [];
    private readonly PriorityQueue<UInt128, DateTimeOffset> _expiry = new();
    private readonly int _capacity;
    private readonly Lock _lock = new();

    public ReplayWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Records <paramref name="digest"/> until <paramref name="forgetAfter"/>; false when seen already or full.</summary>
    public bool TryAdd(ReadOnlySpan<byte> digest, DateTimeOffset forgetAfter, DateTimeOffset now, out bool full)
    {
        // 128 bits of a keccak256 output: a collision among honest requests is out of reach.
        UInt128 key = System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
        lock (_lock)
        {
            while (_expiry.TryPeek(out UInt128 oldest, out DateTimeOffset until) && until < now)
            {
                _expiry.Dequeue();
                _seen.Remove(oldest);
            }

            full = false;
            if (_seen.ContainsKey(key))
            {
                return false;
            }

            if (_seen.Count >= _capacity)
            {
                full = true;
                return false;
            }

            _seen.Add(key, forgetAfter);
            _expiry.Enqueue(key, forgetAfter);
            return true;
        }
    }
}
