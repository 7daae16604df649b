using System.Buffers.Binary;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// struct nlmsghdr (netlink(7)): length, type, flags, sequence number, port id. Netlink is host byte order; the
/// socket refuses to open on a big-endian host (see <see cref="NetlinkSocket"/>), so little-endian is explicit here.
/// </summary>
internal readonly struct NetlinkMessageHeader
{
    /// <summary>sizeof(struct nlmsghdr).</summary>
    public const int Size = 16;

    /// <summary>NLMSG_ALIGNTO: messages and attributes start on 4-byte boundaries.</summary>
    public const int Alignment = 4;

    public const ushort NLMSG_NOOP = 1;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLMSG_OVERRUN = 4;

    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_MULTI = 0x2;
    public const ushort NLM_F_ACK = 0x4;
    public const ushort NLM_F_DUMP_INTR = 0x10;
    public const ushort NLM_F_DUMP = 0x300;
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;

    /// <summary>On an NLMSG_ERROR: the echoed request was cut to its header (NETLINK_CAP_ACK).</summary>
    public const ushort NLM_F_CAPPED = 0x100;

    /// <summary>On an NLMSG_ERROR: extended-ack attributes follow the echoed request.</summary>
    public const ushort NLM_F_ACK_TLVS = 0x200;

    public NetlinkMessageHeader(uint length, ushort type, ushort flags, uint sequence, uint portId)
    {
        Length = length;
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
    }

    public uint Length { get; }

    public ushort Type { get; }

    public ushort Flags { get; }

    public uint Sequence { get; }

    public uint PortId { get; }

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    /// <summary>
    /// Reads a header whose length field is sane: at least <see cref="Size"/> and within <paramref name="source"/>.
    /// False for anything else; never reads past <paramref name="source"/>.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out NetlinkMessageHeader header)
    {
        header = default;
        if (source.Length < Size)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (length < Size || length > (uint)source.Length)
        {
            return false;
        }

        header = new NetlinkMessageHeader(
            length,
            BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], PortId);
    }
}
