using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>Batched datagram calls on a socket: recvmmsg(2) and sendmmsg(2), with their 64-bit Linux structures.</summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class Interop
{
    internal const int MSG_DONTWAIT = 0x40;

    /// <summary>recvmmsg: block for the first datagram only, then take what is already queued.</summary>
    internal const int MSG_WAITFORONE = 0x10000;

    internal const int ECONNREFUSED = 111;

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (56 bytes: natural alignment pads after the name length and the flags).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: a message and the byte count the kernel filled in (64 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }

    /// <summary>recvmmsg(2) without a timeout; returns the number of messages or -1.</summary>
    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    internal static partial int ReceiveMessages(SafeHandle socket, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    /// <summary>sendmmsg(2); returns the number of messages sent (a prefix) or -1 when the first failed.</summary>
    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    internal static partial int SendMessages(SafeHandle socket, MultiMessageHeader* messages, uint count, int flags);
}
