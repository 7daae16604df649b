using System.Buffers.Binary;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>
/// Turns what a TUN device with offloads hands us (a virtio-net header, then a packet that may be one TCP segment of
/// up to 64 KiB, or a packet whose checksum is left unfinished) into ordinary MTU-sized IP packets, one per
/// <see cref="Next"/>, as the NIC would have: IPv4 identification and header checksum, TCP sequence numbers, flags
/// (FIN and PSH only on the last segment, CWR only on the first) and checksums are rewritten per segment. Taking
/// large segments lets the kernel's TCP stack and our TUN reads work per 64 KiB instead of per packet. Not thread-safe:
/// the device's single reader owns it. Garbage is refused by <see cref="Load"/>, never thrown.
/// </summary>
internal sealed class TcpSegmenter
{
    private const int MaxPacket = 65535;
    private const int IPv4MinHeader = 20;
    private const int IPv6Header = 40;
    private const int TcpMinHeader = 20;
    private const byte TcpProtocol = 6;
    private const byte TcpFin = 0x01;
    private const byte TcpPsh = 0x08;
    private const byte TcpCwr = 0x80;

    private int _length; // of the packet after the virtio-net header
    private bool _single;
    private bool _pending;
    private bool _isV6;
    private int _transport;
    private int _headers;
    private int _gsoSize;
    private int _payloadOffset; // of the next segment's payload, from the start of the payload
    private int _segmentIndex;
    private ushort _firstId;
    private uint _firstSequence;

    /// <summary>Where the device reads: the virtio-net header, then the packet.</summary>
    public byte[] Buffer { get; } = GC.AllocateArray<byte>(VirtioNetHeader.Size + MaxPacket, pinned: true);

    /// <summary>Whether <see cref="Next"/> has a packet to give.</summary>
    public bool HasPending => _pending;

    private Span<byte> Packet => Buffer.AsSpan(VirtioNetHeader.Size, _length);

    /// <summary>Takes what the device read into <see cref="Buffer"/> (<paramref name="length"/> bytes with the header); false when it must be dropped.</summary>
    public bool Load(int length)
    {
        _pending = false;
        if (length <= VirtioNetHeader.Size)
        {
            return false;
        }

        VirtioNetHeader header = VirtioNetHeader.Read(Buffer);
        _length = length - VirtioNetHeader.Size;
        Span<byte> packet = Packet;
        byte gso = (byte)(header.GsoType & ~VirtioNetHeader.GsoEcn);
        if (gso == VirtioNetHeader.GsoNone)
        {
            if ((header.Flags & VirtioNetHeader.NeedsChecksum) != 0 && !FinishPartialChecksum(packet, header.ChecksumStart, header.ChecksumOffset))
            {
                return false;
            }

            _single = true;
            _pending = true;
            return true;
        }

        if (!TryParseTcp(packet, gso, out _isV6, out _transport, out _headers) || header.GsoSize == 0)
        {
            return false;
        }

        _gsoSize = header.GsoSize;
        _payloadOffset = 0;
        _segmentIndex = 0;
        _single = false;
        _firstId = _isV6 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        _firstSequence = BinaryPrimitives.ReadUInt32BigEndian(packet[(_transport + 4)..]);
        _pending = true;
        return true;
    }

    /// <summary>Writes the next packet into <paramref name="destination"/> and returns its length (0 when it does not fit: dropped).</summary>
    public int Next(Span<byte> destination)
    {
        Span<byte> packet = Packet;
        if (_single)
        {
            _pending = false;
            if (destination.Length < packet.Length)
            {
                return 0;
            }

            packet.CopyTo(destination);
            return packet.Length;
        }

        int payloadTotal = packet.Length - _headers;
        int segment = Math.Min(_gsoSize, payloadTotal - _payloadOffset);
        bool last = _payloadOffset + segment >= payloadTotal;
        int length = _headers + segment;
        if (destination.Length < length || segment < 0)
        {
            _pending = false;
            return 0;
        }

        packet[.._headers].CopyTo(destination);
        packet.Slice(_headers + _payloadOffset, segment).CopyTo(destination[_headers..]);
        Span<byte> output = destination[..length];
        Span<byte> tcp = output[_transport..];
        if (_isV6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(output[4..], (ushort)(length - IPv6Header));
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(output[2..], (ushort)length);
            BinaryPrimitives.WriteUInt16BigEndian(output[4..], unchecked((ushort)(_firstId + _segmentIndex)));
            output[10] = output[11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(output[10..], InternetChecksum.Finish(InternetChecksum.Add(output[.._transport], 0)));
        }

        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], unchecked(_firstSequence + (uint)_payloadOffset));
        if (!last)
        {
            tcp[13] &= unchecked((byte)~(TcpFin | TcpPsh));
        }

        if (_segmentIndex > 0)
        {
            tcp[13] &= unchecked((byte)~TcpCwr);
        }

        tcp[16] = tcp[17] = 0;
        int tcpLength = length - _transport;
        ulong sum = _isV6
            ? InternetChecksum.PseudoHeaderV6(output, TcpProtocol, tcpLength)
            : InternetChecksum.PseudoHeaderV4(output, TcpProtocol, tcpLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InternetChecksum.Finish(InternetChecksum.Add(tcp, sum)));

        _payloadOffset += segment;
        _segmentIndex++;
        _pending = !last;
        return length;
    }

    // The kernel left the pseudo-header sum in the checksum field (CHECKSUM_PARTIAL): sum from csum_start to the end.
    private static bool FinishPartialChecksum(Span<byte> packet, int start, int offset)
    {
        int field = start + offset;
        if (field + 2 > packet.Length || start >= packet.Length)
        {
            return false;
        }

        ulong initial = BinaryPrimitives.ReadUInt16BigEndian(packet[field..]);
        packet[field] = packet[field + 1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet[field..], InternetChecksum.Finish(InternetChecksum.Add(packet[start..], initial)));
        return true;
    }

    private static bool TryParseTcp(ReadOnlySpan<byte> packet, byte gso, out bool isV6, out int transport, out int headers)
    {
        isV6 = gso == VirtioNetHeader.GsoTcpV6;
        transport = headers = 0;
        if (gso is not (VirtioNetHeader.GsoTcpV4 or VirtioNetHeader.GsoTcpV6) || packet.Length < IPv4MinHeader)
        {
            return false;
        }

        int version = packet[0] >> 4;
        if (isV6)
        {
            if (version != 6 || packet.Length < IPv6Header + TcpMinHeader || packet[6] != TcpProtocol)
            {
                return false; // extension headers before TCP are not segmented (the kernel does not send them this way)
            }

            transport = IPv6Header;
        }
        else
        {
            transport = (packet[0] & 0x0F) * 4;
            if (version != 4 || transport < IPv4MinHeader || packet[9] != TcpProtocol || packet.Length < transport + TcpMinHeader)
            {
                return false;
            }
        }

        int tcpHeader = (packet[transport + 12] >> 4) * 4;
        headers = transport + tcpHeader;
        return tcpHeader >= TcpMinHeader && headers <= packet.Length;
    }
}
