using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>ioctl(2) with a struct ifreq: TUN set-up (linux/if_tun.h) and interface MTU and flags (netdevice(7)).</summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class Interop
{
    /// <summary>_IOW('T', 202, int).</summary>
    internal const uint TUNSETIFF = 0x400454ca;
    internal const uint SIOCGIFFLAGS = 0x8913;
    internal const uint SIOCSIFFLAGS = 0x8914;
    internal const uint SIOCGIFMTU = 0x8921;
    internal const uint SIOCSIFMTU = 0x8922;

    internal const short IFF_UP = 0x1;
    internal const short IFF_TUN = 0x0001;
    internal const short IFF_NO_PI = 0x1000;

    /// <summary>IFNAMSIZ: names are at most 15 bytes plus the terminating NUL.</summary>
    internal const int InterfaceNameSize = 16;

    /// <summary>
    /// struct ifreq: the name, then a 24-byte union of which we use the short flags (ifr_flags) or the int MTU
    /// (ifr_mtu), both at offset 16; 40 bytes in all on 64-bit Linux (the union's largest member is struct ifmap).
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal struct InterfaceRequest
    {
        [FieldOffset(0)]
        public fixed byte Name[InterfaceNameSize];

        [FieldOffset(InterfaceNameSize)]
        public short Flags;

        [FieldOffset(InterfaceNameSize)]
        public int Mtu;
    }

    /// <summary>ioctl(2) taking a struct ifreq.</summary>
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeHandle fd, nuint request, InterfaceRequest* argument);
}
