using System.Buffers.Binary;

namespace Dvpn.WireGuard.Linux;

public sealed partial class RtNetlinkInterfaceControl
{
    /// <summary>IFNAMSIZ - 1: the longest interface name the kernel accepts.</summary>
    private const int MaxInterfaceNameLength = 15;

    private LinuxLink? QueryLink(string interfaceName)
    {
        ValidateInterfaceName(interfaceName);
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, RtNetlink.RTM_GETLINK, 0);
        writer.AppendFixed(RtNetlink.IfInfoMsgSize);
        writer.PutString(RtNetlink.IFLA_IFNAME, interfaceName);

        LinuxLink? link = null;
        int errno = _socket.TryExecute(writer.Finish(), (in NetlinkMessageHeader header, ReadOnlySpan<byte> payload) =>
        {
            if (header.Type == RtNetlink.RTM_NEWLINK && TryParseLink(payload, out LinuxLink? parsed))
            {
                link = parsed;
            }
        }, out string? extendedAck);

        return errno switch
        {
            0 => link,
            Errno.ENODEV => null,
            _ => throw NetlinkException.FromErrno(errno, $"RTM_GETLINK {interfaceName}{InNamespace}", extendedAck),
        };
    }

    private void SetLinkState(string interfaceName, bool up)
    {
        int index = GetInterfaceIndex(interfaceName);
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, RtNetlink.RTM_NEWLINK, 0);
        Span<byte> info = writer.AppendFixed(RtNetlink.IfInfoMsgSize);
        WriteIfInfo(info, index, flags: up ? RtNetlink.IFF_UP : 0, change: RtNetlink.IFF_UP);
        _socket.Execute(writer.Finish(), null, $"setting {interfaceName} {(up ? "up" : "down")}{InNamespace}");
    }

    private void SetMtu(string interfaceName, int mtu)
    {
        int index = GetInterfaceIndex(interfaceName);
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, RtNetlink.RTM_NEWLINK, 0);
        WriteIfInfo(writer.AppendFixed(RtNetlink.IfInfoMsgSize), index, 0, 0);
        writer.PutU32(RtNetlink.IFLA_MTU, (uint)mtu);
        _socket.Execute(writer.Finish(), null, $"setting the MTU of {interfaceName} to {mtu}{InNamespace}");
    }

    /// <summary>RTM_NEWLINK with IFLA_LINKINFO/IFLA_INFO_KIND (e.g. "wireguard", "dummy"); fails when the name exists.</summary>
    internal void CreateLink(string interfaceName, string kind)
    {
        ValidateInterfaceName(interfaceName);
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, RtNetlink.RTM_NEWLINK, NetlinkMessageHeader.NLM_F_CREATE | NetlinkMessageHeader.NLM_F_EXCL);
        WriteIfInfo(writer.AppendFixed(RtNetlink.IfInfoMsgSize), 0, 0, 0);
        writer.PutString(RtNetlink.IFLA_IFNAME, interfaceName);
        int linkInfo = writer.BeginNested(RtNetlink.IFLA_LINKINFO);
        writer.PutString(RtNetlink.IFLA_INFO_KIND, kind);
        writer.EndNested(linkInfo);
        _socket.Execute(writer.Finish(), null, $"creating {kind} interface {interfaceName}{InNamespace}");
    }

    /// <summary>
    /// Deletes an interface by name (RTM_DELLINK); false when there was no such interface. A userspace WireGuard
    /// (wireguard-go) exits by itself when its TUN interface is deleted.
    /// </summary>
    /// <exception cref="NetlinkException">The kernel refused.</exception>
    public bool DeleteLink(string interfaceName)
    {
        ValidateInterfaceName(interfaceName);
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, RtNetlink.RTM_DELLINK, 0);
        WriteIfInfo(writer.AppendFixed(RtNetlink.IfInfoMsgSize), 0, 0, 0);
        writer.PutString(RtNetlink.IFLA_IFNAME, interfaceName);
        int errno = _socket.TryExecute(writer.Finish(), null, out string? extendedAck);
        return errno switch
        {
            0 => true,
            Errno.ENODEV => false,
            _ => throw NetlinkException.FromErrno(errno, $"deleting interface {interfaceName}{InNamespace}", extendedAck),
        };
    }

    private static void WriteIfInfo(Span<byte> info, int index, uint flags, uint change)
    {
        info[0] = RtNetlink.AF_UNSPEC; // ifi_family; ifi_pad and ifi_type stay 0
        BinaryPrimitives.WriteInt32LittleEndian(info[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(info[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(info[12..], change);
    }

    internal static bool TryParseLink(ReadOnlySpan<byte> payload, out LinuxLink? link)
    {
        link = null;
        if (payload.Length < RtNetlink.IfInfoMsgSize)
        {
            return false;
        }

        int index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
        string? name = null;
        uint mtu = 0;
        var reader = new NetlinkAttributeReader(payload[RtNetlink.IfInfoMsgSize..]);
        while (reader.TryReadNext(out NetlinkAttribute attribute))
        {
            switch (attribute.Type)
            {
                case RtNetlink.IFLA_IFNAME:
                    name = attribute.GetString();
                    break;
                case RtNetlink.IFLA_MTU:
                    _ = attribute.TryGetU32(out mtu);
                    break;
            }
        }

        if (reader.IsMalformed || name is null)
        {
            return false;
        }

        link = new LinuxLink(index, name, (int)mtu, (flags & RtNetlink.IFF_UP) != 0);
        return true;
    }

    private static void ValidateInterfaceName(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        if (interfaceName.Length > MaxInterfaceNameLength || interfaceName.Contains('/', StringComparison.Ordinal)
            || interfaceName.Any(char.IsWhiteSpace) || interfaceName.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{interfaceName}' is not a valid interface name (1-15 characters, no '/' or spaces)", nameof(interfaceName));
        }
    }
}
