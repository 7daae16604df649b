namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>
/// An in-memory TUN for tests: <see cref="Inject"/> queues packets that the engine's <see cref="Read"/> returns, and
/// every packet the engine <see cref="Write"/>s can be collected with <see cref="TryTake"/>. Queues are bounded;
/// overflow is dropped and counted, as a real interface would.
/// </summary>
internal sealed class MemoryPacketInterface : IPacketInterface
{
    /// <summary>The default capacity of each direction's queue, in packets.</summary>
    public const int DefaultQueueCapacity = 1024;

    private readonly MemoryQueue<byte[]> _injected;
    private readonly MemoryQueue<byte[]> _written;
    private long _dropped;
    private volatile bool _disposed;

    /// <summary>Creates an interface called <paramref name="name"/> with MTU <paramref name="mtu"/>.</summary>
    public MemoryPacketInterface(string name = "mem0", int mtu = 1420, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mtu);
        Name = name;
        Mtu = mtu;
        _injected = new MemoryQueue<byte[]>(queueCapacity);
        _written = new MemoryQueue<byte[]>(queueCapacity);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Mtu { get; }

    /// <summary>Packets lost because a queue was full (injected or written) or larger than <see cref="Mtu"/> when written.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="packet"/> (copied) for <see cref="Read"/>; false (dropped) when full or disposed.</summary>
    public bool Inject(ReadOnlySpan<byte> packet)
    {
        if (_injected.TryAdd(packet.ToArray()))
        {
            return true;
        }

        _ = Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the next packet the engine wrote; false on timeout or after Dispose.</summary>
    public bool TryTake(out byte[] packet, TimeSpan timeout) => _written.TryTake(out packet, timeout);

    /// <inheritdoc />
    public int Read(Span<byte> buffer)
    {
        if (_disposed || !_injected.TryTake(out byte[] packet, Timeout.InfiniteTimeSpan))
        {
            return 0;
        }

        // Truncated like a TUN read into a short buffer.
        int length = Math.Min(packet.Length, buffer.Length);
        packet.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> packet)
    {
        if (_disposed)
        {
            return;
        }

        if (packet.Length > Mtu || !_written.TryAdd(packet.ToArray()))
        {
            _ = Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Wakes a blocked <see cref="Read"/> (returns 0) and a waiting <see cref="TryTake"/> (returns false).</summary>
    public void Dispose()
    {
        _disposed = true;
        _injected.Complete();
        _written.Complete();
    }
}
