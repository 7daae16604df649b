using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.Control.Server.Transport;

/// <summary>libc entry points for the control socket: socket(2), bind(2), listen(2), rename(2), chmod(2), getsockopt(2).</summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class Interop
{
    internal const int AF_UNIX = 1;
    internal const int SOCK_STREAM = 1;
    internal const int SOCK_CLOEXEC = 0x80000;

    internal const int SOL_SOCKET = 1;
    internal const int SO_PEERCRED = 17;
    internal const int SO_PEERGROUPS = 59;

    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int ERANGE = 34;

    /// <summary>sizeof(sun_path) in struct sockaddr_un on Linux (unix(7)).</summary>
    internal const int SunPathLength = 108;

    /// <summary>struct sockaddr_un: family, then a NUL-terminated path.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrUnix
    {
        public ushort Family;
        public fixed byte Path[SunPathLength];
    }

    /// <summary>struct ucred from socket(7): the peer's pid, uid and gid as they were at connect(2).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct UCred
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial UnixSocketHandle Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(UnixSocketHandle socket, SockAddrUnix* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "listen", SetLastError = true)]
    internal static partial int Listen(UnixSocketHandle socket, int backlog);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    internal static partial int GetSockOpt(SafeHandle socket, int level, int name, void* value, int* valueLength);

    [LibraryImport("libc", EntryPoint = "chmod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Chmod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Rename(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();
}
