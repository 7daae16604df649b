using System.Net;

namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>
/// An in-memory UDP network for tests: <see cref="MemoryDatagramTransport"/>s bind to (address, port) and deliver to
/// each other's bounded queues. Like UDP, a datagram to nobody or to a full queue is lost (counted), never an error;
/// <see cref="Filter"/> can drop, duplicate or reorder datagrams. Allocates per datagram (not for the data path).
/// </summary>
internal sealed class MemoryNetwork
{
    /// <summary>The default capacity of each transport's receive queue, in datagrams.</summary>
    public const int DefaultQueueCapacity = 1024;

    private readonly Dictionary<IPEndPoint, MemoryDatagramTransport> _bound = [];
    private readonly Dictionary<IPEndPoint, MemoryDatagram> _delayed = [];
    private ushort _nextPort = 49152;
    private long _lost;

    /// <summary>Creates a network whose transports queue at most <paramref name="queueCapacity"/> datagrams each.</summary>
    public MemoryNetwork(int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queueCapacity);
        QueueCapacity = queueCapacity;
    }

    /// <summary>Each transport's receive queue capacity; datagrams beyond it are dropped.</summary>
    public int QueueCapacity { get; }

    /// <summary>Decides per datagram (called on the sender's thread, under no lock); null delivers everything.</summary>
    public Func<MemoryDatagram, MemoryDelivery>? Filter { get; set; }

    /// <summary>Datagrams lost: to an unbound endpoint, to a full queue, or dropped by <see cref="Filter"/>.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Binds a transport to <paramref name="address"/>:<paramref name="port"/> (0: a free port is chosen).</summary>
    /// <exception cref="InvalidOperationException">The endpoint is already bound.</exception>
    public MemoryDatagramTransport Bind(IPAddress address, ushort port = 0)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_bound)
        {
            var transport = new MemoryDatagramTransport(this, Free(address, port));
            _bound[transport.LocalEndPoint] = transport;
            return transport;
        }
    }

    /// <summary>Delivers every datagram a <see cref="MemoryDelivery.Delay"/> still holds back (no later datagram came).</summary>
    public void ReleaseDelayed()
    {
        MemoryDatagram[] held;
        lock (_bound)
        {
            held = [.. _delayed.Values];
            _delayed.Clear();
        }

        foreach (MemoryDatagram datagram in held)
        {
            Enqueue(datagram);
        }
    }

    /// <summary>Moves <paramref name="transport"/> to <paramref name="endpoint"/> (port 0: keep its port); returns the new endpoint.</summary>
    internal IPEndPoint Rebind(MemoryDatagramTransport transport, IPEndPoint current, IPEndPoint endpoint)
    {
        lock (_bound)
        {
            IPEndPoint claimed = Free(endpoint.Address, endpoint.Port == 0 ? (ushort)current.Port : (ushort)endpoint.Port);
            _ = _bound.Remove(current);
            _bound[claimed] = transport;
            return claimed;
        }
    }

    /// <summary>Forgets <paramref name="endpoint"/> (the transport was disposed).</summary>
    internal void Unbind(IPEndPoint endpoint)
    {
        lock (_bound)
        {
            _ = _bound.Remove(endpoint);
        }
    }

    /// <summary>Routes one datagram from <paramref name="source"/>; always "sent", as UDP is.</summary>
    internal void Deliver(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        var datagram = new MemoryDatagram(source, destination, payload.ToArray());
        MemoryDelivery decision = Filter?.Invoke(datagram) ?? MemoryDelivery.Deliver;
        MemoryDatagram? held;
        lock (_bound)
        {
            if (decision == MemoryDelivery.Delay)
            {
                // A datagram already held for this destination goes now, keeping at most one back.
                held = _delayed.Remove(destination, out MemoryDatagram previous) ? previous : null;
                _delayed[destination] = datagram;
                if (held is { } early)
                {
                    Enqueue(early);
                }

                return;
            }

            held = _delayed.Remove(destination, out MemoryDatagram delayed) ? delayed : null;
        }

        switch (decision)
        {
            case MemoryDelivery.Drop:
                _ = Interlocked.Increment(ref _lost);
                break;
            case MemoryDelivery.Duplicate:
                Enqueue(datagram);
                Enqueue(datagram);
                break;
            default:
                Enqueue(datagram);
                break;
        }

        if (held is { } late)
        {
            Enqueue(late);
        }
    }

    private void Enqueue(MemoryDatagram datagram)
    {
        MemoryDatagramTransport? target;
        lock (_bound)
        {
            _ = _bound.TryGetValue(datagram.Destination, out target);
        }

        if (target is null || !target.Enqueue(datagram))
        {
            _ = Interlocked.Increment(ref _lost);
        }
    }

    // Called under the lock: an endpoint nobody is bound to, with a free port chosen when 0 is asked for.
    private IPEndPoint Free(IPAddress address, ushort port)
    {
        for (int tries = 0; port == 0 && tries < 16384; tries++)
        {
            ushort candidate = _nextPort;
            _nextPort = _nextPort == ushort.MaxValue ? (ushort)49152 : (ushort)(_nextPort + 1);
            if (!_bound.ContainsKey(new IPEndPoint(address, candidate)))
            {
                port = candidate;
            }
        }

        var endpoint = new IPEndPoint(address, port);
        return port == 0 || _bound.ContainsKey(endpoint)
            ? throw new InvalidOperationException($"{endpoint} is already bound on this memory network")
            : endpoint;
    }
}
