using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Linux;

/// <summary>rtnetlink message types, structures and attributes (rtnetlink(7), linux/rtnetlink.h, linux/if_link.h).</summary>
internal static class RtNetlink
{
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;
    public const ushort RTM_NEWROUTE = 24;
    public const ushort RTM_DELROUTE = 25;
    public const ushort RTM_GETROUTE = 26;

    /// <summary>struct ifinfomsg: family u8, pad u8, type u16, index s32, flags u32, change u32.</summary>
    public const int IfInfoMsgSize = 16;

    /// <summary>struct ifaddrmsg: family u8, prefixlen u8, flags u8, scope u8, index u32.</summary>
    public const int IfAddrMsgSize = 8;

    /// <summary>struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), flags u32.</summary>
    public const int RtMsgSize = 12;

    public const uint IFF_UP = 0x1;

    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_INFO_KIND = 1;

    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;

    public const ushort RTA_DST = 1;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_TABLE = 15;

    public const byte AF_UNSPEC = 0;
    public const byte AF_INET = 2;
    public const byte AF_INET6 = 10;

    public const uint RT_TABLE_UNSPEC = 0;
    public const uint RT_TABLE_MAIN = 254;

    public const byte RTPROT_BOOT = 3;
    public const byte RTPROT_STATIC = 4;

    public const byte RT_SCOPE_UNIVERSE = 0;
    public const byte RT_SCOPE_LINK = 253;

    /// <summary>On delete: match routes of any scope.</summary>
    public const byte RT_SCOPE_NOWHERE = 255;

    public const byte RTN_UNICAST = 1;

    internal static byte FamilyOf(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => RtNetlink.AF_INET,
        AddressFamily.InterNetworkV6 => RtNetlink.AF_INET6,
        _ => throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address)),
    };

    internal static bool TryReadAddress(byte family, ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = (family, bytes.Length) switch
        {
            (RtNetlink.AF_INET, 4) or (RtNetlink.AF_INET6, 16) => new IPAddress(bytes),
            _ => null,
        };
        return address is not null;
    }

    /// <summary>Clears the bits after <paramref name="prefix"/>: IPNetwork refuses host bits, which the kernel never reports.</summary>
    internal static IPAddress MaskHostBits(IPAddress address, int prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        _ = address.TryWriteBytes(bytes, out int length);
        bytes = bytes[..length];
        for (int bit = prefix; bit < length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
