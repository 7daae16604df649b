using System.Buffers.Binary;
using System.Net;

namespace Dvpn.WireGuard.Linux;

public sealed partial class RtNetlinkInterfaceControl
{
    private void ChangeAddress(string interfaceName, IPAddress address, int prefixLength, bool add)
    {
        int index = GetInterfaceIndex(interfaceName);
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(
            buffer,
            add ? RtNetlink.RTM_NEWADDR : RtNetlink.RTM_DELADDR,
            add ? (ushort)(NetlinkMessageHeader.NLM_F_CREATE | NetlinkMessageHeader.NLM_F_EXCL) : (ushort)0);
        WriteAddressMessage(ref writer, index, address, prefixLength);

        int errno = _socket.TryExecute(writer.Finish(), null, out string? extendedAck);
        bool fine = errno == 0 || (add ? errno == Errno.EEXIST : errno is Errno.EADDRNOTAVAIL or Errno.ENOENT or Errno.ESRCH);
        if (!fine)
        {
            throw NetlinkException.FromErrno(errno, $"{(add ? "adding" : "removing")} {address}/{prefixLength} {(add ? "to" : "from")} {interfaceName}{InNamespace}", extendedAck);
        }
    }

    /// <summary>ifaddrmsg plus IFA_LOCAL and IFA_ADDRESS, both the address: a plain (not point-to-point) address.</summary>
    internal static void WriteAddressMessage(ref NetlinkWriter writer, int index, IPAddress address, int prefixLength)
    {
        Span<byte> ifa = writer.AppendFixed(RtNetlink.IfAddrMsgSize);
        ifa[0] = RtNetlink.FamilyOf(address);
        ifa[1] = (byte)prefixLength;
        ifa[2] = 0; // ifa_flags
        ifa[3] = RtNetlink.RT_SCOPE_UNIVERSE;
        BinaryPrimitives.WriteInt32LittleEndian(ifa[4..], index);
        Span<byte> bytes = stackalloc byte[16];
        _ = address.TryWriteBytes(bytes, out int length);
        writer.Put(RtNetlink.IFA_LOCAL, bytes[..length]);
        writer.Put(RtNetlink.IFA_ADDRESS, bytes[..length]);
    }

    private List<LinuxAddress> GetAddresses(string interfaceName)
    {
        int index = GetInterfaceIndex(interfaceName);
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, RtNetlink.RTM_GETADDR, NetlinkMessageHeader.NLM_F_DUMP);
        writer.AppendFixed(RtNetlink.IfAddrMsgSize); // AF_UNSPEC: both families
        var result = new List<LinuxAddress>();
        _socket.Execute(writer.Finish(), (in NetlinkMessageHeader header, ReadOnlySpan<byte> payload) =>
        {
            if (header.Type == RtNetlink.RTM_NEWADDR && TryParseAddress(payload, out LinuxAddress? parsed) && parsed.InterfaceIndex == index)
            {
                result.Add(parsed);
            }
        }, $"RTM_GETADDR dump{InNamespace}");
        return result;
    }

    internal static bool TryParseAddress(ReadOnlySpan<byte> payload, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LinuxAddress? address)
    {
        address = null;
        if (payload.Length < RtNetlink.IfAddrMsgSize)
        {
            return false;
        }

        byte family = payload[0];
        byte prefix = payload[1];
        int index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        IPAddress? local = null, peer = null;
        var reader = new NetlinkAttributeReader(payload[RtNetlink.IfAddrMsgSize..]);
        while (reader.TryReadNext(out NetlinkAttribute attribute))
        {
            if (attribute.Type is RtNetlink.IFA_LOCAL or RtNetlink.IFA_ADDRESS && RtNetlink.TryReadAddress(family, attribute.Payload, out IPAddress? a))
            {
                if (attribute.Type == RtNetlink.IFA_LOCAL)
                {
                    local = a;
                }
                else
                {
                    peer = a;
                }
            }
        }

        if (reader.IsMalformed || (local ?? peer) is not IPAddress chosen)
        {
            return false;
        }

        address = new LinuxAddress(index, chosen, prefix);
        return true;
    }
}
