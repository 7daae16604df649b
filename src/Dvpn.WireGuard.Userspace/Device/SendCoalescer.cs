using System.Net;
using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// The send thread's run of sealed messages to one peer, sent together: with UDP GSO in one system call (the kernel
/// cuts it into datagrams), else one datagram at a time. A run holds messages of one size, except a shorter last one,
/// and is flushed when the peer or endpoint changes, when it is full, and whenever the interface has no packet
/// already waiting (so nothing is held back for later). Owned by the send thread alone.
/// </summary>
internal sealed class SendCoalescer(WireGuardDevice device)
{
    // 64 segments and under 64 KiB: what one UDP GSO send may carry.
    private const int MaxSegments = 64;
    private const int MaxBytes = 65000;

    private readonly byte[] _buffer = GC.AllocateArray<byte>(MaxBytes, pinned: true);
    private Peer? _peer;
    private SocketAddress? _endpoint;
    private int _segmentSize;
    private int _count;
    private int _length;
    private bool _closed;

    /// <summary>Datagrams sent by segmentation offload, and how many system calls carried them (for measurements).</summary>
    public long SegmentedDatagrams { get; private set; }

    /// <inheritdoc cref="SegmentedDatagrams"/>
    public long SegmentedSends { get; private set; }

    /// <summary>Adds one sealed message for <paramref name="peer"/>; a message that cannot join the run flushes it first.</summary>
    public void Add(Peer peer, ReadOnlySpan<byte> message)
    {
        SocketAddress? endpoint = peer.Endpoint;
        if (endpoint is null)
        {
            Interlocked.Increment(ref device.Counters._noEndpoint);
            return;
        }

        if (_count > 0 && (peer != _peer || !ReferenceEquals(endpoint, _endpoint) || _closed || message.Length > _segmentSize
            || _count == MaxSegments || _length + message.Length > MaxBytes))
        {
            Flush();
        }

        if (_count == 0)
        {
            _peer = peer;
            _endpoint = endpoint;
            _segmentSize = message.Length;
        }
        else if (message.Length < _segmentSize)
        {
            _closed = true; // a shorter message can only end a run
        }

        message.CopyTo(_buffer.AsSpan(_length));
        _length += message.Length;
        _count++;
    }

    /// <summary>Sends the run, if any.</summary>
    public void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        Peer peer = _peer!;
        SocketAddress endpoint = _endpoint!;
        ReadOnlySpan<byte> run = _buffer.AsSpan(0, _length);
        long sent = 0;
        if (_count > 1 && device.Transport is ISegmentingTransport { SupportsSegmentation: true } segmenting
            && segmenting.SendSegments(run, _segmentSize, endpoint))
        {
            sent = _length;
            SegmentedDatagrams += _count;
            SegmentedSends++;
        }
        else
        {
            for (int offset = 0; offset < _length; offset += _segmentSize)
            {
                int length = Math.Min(_segmentSize, _length - offset);
                if (device.Send(run.Slice(offset, length), endpoint))
                {
                    sent += length;
                }
            }
        }

        peer.CountTransmitted(sent);
        _peer = null;
        _endpoint = null;
        _count = 0;
        _length = 0;
        _closed = false;
    }
}
