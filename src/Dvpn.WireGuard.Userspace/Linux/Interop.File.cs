using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>libc file descriptor calls: open(2), read(2), write(2), close(2).</summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class Interop
{
    internal const int O_RDWR = 0x2;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>open(2); returns the descriptor or -1 (errno via <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    /// <summary>
    /// read(2) on a raw descriptor: the hot path holds a reference on its SafeHandle for the whole blocking loop, so
    /// the per-call reference counting of a SafeHandle parameter would only add two interlocked operations per packet.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nint count);

    /// <summary>write(2) from <paramref name="buffer"/>; the marshaller keeps the handle open for the call.</summary>
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(SafeHandle fd, byte* buffer, nint count);

    /// <summary>close(2) of a raw descriptor (only <see cref="SafeHandle.ReleaseHandle"/> overrides call it).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(nint fd);
}
