using System.Runtime.InteropServices;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>UDP generic segmentation offload (linux/udp.h): one send of many equal-sized datagrams.</summary>
internal static unsafe partial class Interop
{
    /// <summary>SOL_UDP.</summary>
    internal const int SOL_UDP = 17;

    /// <summary>UDP_SEGMENT: the control message carrying the segment size (a u16).</summary>
    internal const int UDP_SEGMENT = 103;

    /// <summary>The most segments one send may carry (UDP_MAX_SEGMENTS in older kernels).</summary>
    internal const int UdpMaxSegments = 64;

    /// <summary>sendmsg(2).</summary>
    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    internal static partial nint SendMessage(SafeHandle socket, MessageHeader* message, int flags);
}
