using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.Benchmarks.WireGuard;

/// <summary>
/// The UDP side of a benchmark device. While <see cref="Discard"/> is off it is a loopback to its
/// <see cref="Partner"/> (a copy per datagram, used only to run the handshake in setup); once on, <see cref="Send"/>
/// only counts, so a measured op ends at the transport without allocating or blocking. Addresses are those of a
/// dual-stack <c>UdpTransport</c> (the production default): IPv4 endpoints as 28-byte IPv4-mapped IPv6 addresses.
/// </summary>
internal sealed class BenchTransport : IDatagramTransport
{
    private readonly BlockingCollection<byte[]> _inbox = [];
    private readonly CancellationTokenSource _disposed = new();
    private long _discarded;

    public BenchTransport(IPEndPoint local)
    {
        Local = local;
        LocalAddress = ToSocketAddress(local);
    }

    /// <summary>Where this transport sends from.</summary>
    public IPEndPoint Local { get; }

    /// <summary><see cref="Local"/> as the source the partner's device sees.</summary>
    public SocketAddress LocalAddress { get; }

    /// <summary>The transport datagrams are delivered to while <see cref="Discard"/> is off.</summary>
    public BenchTransport? Partner { get; set; }

    /// <summary>When on, datagrams are counted and dropped.</summary>
    public bool Discard { get; set; }

    /// <summary>Datagrams dropped since <see cref="Discard"/> was turned on.</summary>
    public long Discarded => Volatile.Read(ref _discarded);

    /// <inheritdoc />
    public ushort Port => (ushort)Local.Port;

    /// <inheritdoc />
    public int Receive(Span<byte> buffer, SocketAddress source)
    {
        byte[] datagram;
        try
        {
            datagram = _inbox.Take(_disposed.Token);
        }
        catch (OperationCanceledException)
        {
            return -1;
        }

        SocketAddress from = Partner!.LocalAddress;
        from.Buffer.Span[..from.Size].CopyTo(source.Buffer.Span);
        source.Size = from.Size;
        int length = Math.Min(buffer.Length, datagram.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    /// <inheritdoc />
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (Discard)
        {
            // Only the benchmark thread sends once discarding (the timers are inert): a plain increment would do,
            // but the handshake threads may still be winding down, so stay exact.
            Interlocked.Increment(ref _discarded);
            return true;
        }

        BenchTransport? partner = Partner;
        if (partner is null || partner._disposed.IsCancellationRequested)
        {
            return false;
        }

        partner._inbox.Add(datagram.ToArray());
        return true;
    }

    /// <inheritdoc />
    public SocketAddress ToSocketAddress(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(endpoint.Address.MapToIPv6(), endpoint.Port).Serialize() : endpoint.Serialize();

    /// <inheritdoc />
    public IPEndPoint ToEndPoint(SocketAddress address)
    {
        var endpoint = (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0).Create(address);
        return endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;
    }

    /// <inheritdoc />
    public void Dispose() => _disposed.Cancel();
}
