using System.Buffers.Binary;

namespace Dvpn.WireGuard.Linux;

/// <summary>Walks the messages of one received datagram for one request (pure: testable without a socket).</summary>
internal static class NetlinkReplyParser
{
    /// <summary>Returned by <see cref="Process"/> when the request's end was not in this datagram.</summary>
    public const int Continue = -1;

    private const ushort NLMSGERR_ATTR_MSG = 1;

    /// <summary>
    /// Returns <see cref="Continue"/>, 0 (ack or NLMSG_DONE) or a positive errno. Throws
    /// <see cref="NetlinkException"/> (EPROTO) when a header is truncated or claims more bytes than there are.
    /// </summary>
    public static int Process(ReadOnlySpan<byte> datagram, uint sequence, bool dump, NetlinkMessageHandler? onReply, ref bool interrupted, out string? extendedAck)
    {
        extendedAck = null;
        while (!datagram.IsEmpty)
        {
            if (!NetlinkMessageHeader.TryRead(datagram, out NetlinkMessageHeader header))
            {
                throw NetlinkException.Malformed(datagram.Length < NetlinkMessageHeader.Size
                    ? $"truncated message header ({datagram.Length} bytes)"
                    : "message length outside the datagram");
            }

            ReadOnlySpan<byte> payload = datagram[NetlinkMessageHeader.Size..(int)header.Length];
            datagram = datagram[Math.Min(NetlinkMessageHeader.Align((int)header.Length), datagram.Length)..];
            if (header.Sequence != sequence)
            {
                continue;
            }

            switch (header.Type)
            {
                case NetlinkMessageHeader.NLMSG_NOOP:
                    break;
                case NetlinkMessageHeader.NLMSG_OVERRUN:
                    throw new NetlinkException("netlink receive overrun: replies were lost", Errno.ENOBUFS, null, isTransient: true);
                case NetlinkMessageHeader.NLMSG_ERROR:
                    if (payload.Length < sizeof(int))
                    {
                        throw NetlinkException.Malformed("NLMSG_ERROR without an error code");
                    }

                    int error = BinaryPrimitives.ReadInt32LittleEndian(payload);
                    if (error != 0)
                    {
                        extendedAck = ReadExtendedAck(header.Flags, payload);
                    }

                    return Math.Abs(error);
                case NetlinkMessageHeader.NLMSG_DONE:
                    if (payload.Length >= sizeof(int))
                    {
                        int doneError = BinaryPrimitives.ReadInt32LittleEndian(payload);
                        if (doneError < 0)
                        {
                            return -doneError;
                        }
                    }

                    return 0;
                default:
                    interrupted |= (header.Flags & NetlinkMessageHeader.NLM_F_DUMP_INTR) != 0;
                    onReply?.Invoke(header, payload); // for a "do" request its ack follows
                    break;
            }
        }

        return Continue;
    }

    /// <summary>NLMSGERR_ATTR_MSG from an NLMSG_ERROR payload: error, echoed request (header only when capped), TLVs.</summary>
    private static string? ReadExtendedAck(ushort flags, ReadOnlySpan<byte> payload)
    {
        if ((flags & NetlinkMessageHeader.NLM_F_ACK_TLVS) == 0 || payload.Length < sizeof(int) + NetlinkMessageHeader.Size)
        {
            return null;
        }

        int offset = sizeof(int) + NetlinkMessageHeader.Size;
        if ((flags & NetlinkMessageHeader.NLM_F_CAPPED) == 0)
        {
            uint echoed = BinaryPrimitives.ReadUInt32LittleEndian(payload[sizeof(int)..]);
            if (echoed < NetlinkMessageHeader.Size || echoed > (uint)(payload.Length - sizeof(int)))
            {
                return null;
            }

            offset = sizeof(int) + NetlinkMessageHeader.Align((int)echoed);
        }

        if (offset > payload.Length)
        {
            return null;
        }

        var reader = new NetlinkAttributeReader(payload[offset..]);
        while (reader.TryReadNext(out NetlinkAttribute attribute))
        {
            if (attribute.Type == NLMSGERR_ATTR_MSG)
            {
                return attribute.GetString();
            }
        }

        return null;
    }
}
