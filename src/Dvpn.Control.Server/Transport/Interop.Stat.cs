using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.Control.Server.Transport;

/// <summary>statx(2): its struct has one layout on every architecture, unlike struct stat, so it is safe to declare here.</summary>
internal static unsafe partial class Interop
{
    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_MODE = 0x2;
    internal const uint STATX_UID = 0x8;

    internal const uint S_IFMT = 0xF000;
    internal const uint S_IFSOCK = 0xC000;
    internal const uint S_IFLNK = 0xA000;
    internal const uint S_IFDIR = 0x4000;

    /// <summary>The head of struct statx (linux/stat.h); the kernel writes 256 bytes, see <see cref="StatxSize"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StatxHead
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint LinkCount;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
    }

    /// <summary>sizeof(struct statx).</summary>
    internal const int StatxSize = 256;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [SupportedOSPlatform("linux")]
    internal static partial int Statx(int dirFd, string path, int flags, uint mask, void* buffer);
}
