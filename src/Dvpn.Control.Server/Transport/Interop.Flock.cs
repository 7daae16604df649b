using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.Control.Server.Transport;

/// <summary>flock(2), held on a lock file next to the socket for the daemon's whole life.</summary>
internal static partial class Interop
{
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;
    internal const int EWOULDBLOCK = 11;
    internal const int O_RDWR = 2;
    internal const int O_CREAT = 0x40;
    internal const int O_NOFOLLOW = 0x20000;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>open(2) itself: File.OpenHandle would take a flock of its own (LOCK_SH for FileShare.ReadWrite)
    /// and turn a held lock into an IOException that says nothing about why.</summary>
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [SupportedOSPlatform("linux")]
    internal static partial SafeFileHandle Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    [SupportedOSPlatform("linux")]
    internal static partial int Flock(SafeFileHandle fd, int operation);
}
