using System.Runtime.InteropServices;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>TUN offloads (linux/if_tun.h): a virtio-net header on every packet, and large TCP segments from the kernel.</summary>
internal static unsafe partial class Interop
{
    /// <summary>IFF_VNET_HDR: every read and write starts with a struct virtio_net_hdr.</summary>
    internal const short IFF_VNET_HDR = 0x4000;

    /// <summary>TUNSETOFFLOAD = _IOW('T', 208, unsigned int).</summary>
    internal const uint TUNSETOFFLOAD = 0x400454d0;

    /// <summary>TUN_F_CSUM: we accept packets whose transport checksum is left for us to finish.</summary>
    internal const uint TUN_F_CSUM = 0x01;

    /// <summary>TUN_F_TSO4 / TUN_F_TSO6 / TUN_F_TSO_ECN: we accept TCP segments larger than the MTU and segment them ourselves.</summary>
    internal const uint TUN_F_TSO4 = 0x02;

    /// <inheritdoc cref="TUN_F_TSO4"/>
    internal const uint TUN_F_TSO6 = 0x04;

    /// <inheritdoc cref="TUN_F_TSO4"/>
    internal const uint TUN_F_TSO_ECN = 0x08;

    /// <summary>ioctl(2) taking an integer argument by value.</summary>
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlValue(SafeHandle fd, nuint request, nuint value);

    /// <summary>writev(2): the virtio-net header and the packet in one write, without copying them together.</summary>
    [LibraryImport("libc", EntryPoint = "writev", SetLastError = true)]
    internal static partial nint WriteVector(SafeHandle fd, IoVector* vectors, int count);
}
