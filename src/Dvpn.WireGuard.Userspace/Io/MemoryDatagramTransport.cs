using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>
/// A transport bound on a <see cref="MemoryNetwork"/> (tests). Addresses are plain: IPv4 stays IPv4 (16-byte
/// <see cref="SocketAddress"/>), IPv6 stays IPv6. <see cref="MoveTo"/> changes the source address peers see, as a
/// roaming client's NAT mapping or Wi-Fi change would.
/// </summary>
internal sealed class MemoryDatagramTransport : IDatagramTransport
{
    private readonly MemoryNetwork _network;
    private readonly MemoryQueue<MemoryDatagram> _queue;
    private IPEndPoint _local;
    private volatile bool _disposed;

    /// <summary>Created by <see cref="MemoryNetwork.Bind"/>.</summary>
    internal MemoryDatagramTransport(MemoryNetwork network, IPEndPoint local)
    {
        _network = network;
        _local = local;
        _queue = new MemoryQueue<MemoryDatagram>(network.QueueCapacity);
    }

    /// <summary>The endpoint this transport is bound to (and sends from).</summary>
    public IPEndPoint LocalEndPoint => Volatile.Read(ref _local);

    /// <inheritdoc />
    public ushort Port => (ushort)LocalEndPoint.Port;

    /// <summary>Datagrams waiting to be received.</summary>
    public int Pending => _queue.Count;

    /// <summary>
    /// Rebinds to <paramref name="endpoint"/> (port 0: keep the current port): later sends come from there and
    /// datagrams to the old endpoint are lost. Returns the new endpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">The endpoint is taken.</exception>
    public IPEndPoint MoveTo(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ObjectDisposedException.ThrowIf(_disposed, this);
        IPEndPoint moved = _network.Rebind(this, LocalEndPoint, endpoint);
        Volatile.Write(ref _local, moved);
        return moved;
    }

    /// <inheritdoc />
    public int Receive(Span<byte> buffer, SocketAddress source) => Receive(buffer, source, Timeout.InfiniteTimeSpan);

    /// <summary>As <see cref="Receive(Span{byte}, SocketAddress)"/>, but gives up after <paramref name="timeout"/> (returns -1).</summary>
    public int Receive(Span<byte> buffer, SocketAddress source, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_disposed || !_queue.TryTake(out MemoryDatagram datagram, timeout))
        {
            return -1;
        }

        SocketAddress from = datagram.Source.Serialize();
        from.Buffer.Span[..from.Size].CopyTo(source.Buffer.Span);
        source.Size = from.Size;
        int length = Math.Min(buffer.Length, datagram.Payload.Length);
        datagram.Payload.Span[..length].CopyTo(buffer);
        return length;
    }

    /// <inheritdoc />
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (_disposed)
        {
            return false;
        }

        _network.Deliver(LocalEndPoint, ToEndPoint(destination), datagram);
        return true;
    }

    /// <inheritdoc />
    public SocketAddress ToSocketAddress(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port).Serialize() : endpoint.Serialize();
    }

    /// <inheritdoc />
    public IPEndPoint ToEndPoint(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endpoint = (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0).Create(address);
        return endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;
    }

    /// <summary>Unbinds; a blocked <see cref="Receive(Span{byte}, SocketAddress)"/> returns -1.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _network.Unbind(LocalEndPoint);
        _queue.Complete();
    }

    /// <summary>Queues a datagram for <see cref="Receive(Span{byte}, SocketAddress)"/>; false when full or disposed.</summary>
    internal bool Enqueue(MemoryDatagram datagram) => _queue.TryAdd(datagram);
}
