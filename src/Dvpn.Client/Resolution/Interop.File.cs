using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.Client.Resolution;

/// <summary>libc calls the managed file API lacks: statx(2) (owner, mount root), fsync(2) of a directory, chown(2).</summary>
/// <remarks>DllImport with blittable arguments only (paths are NUL-terminated UTF-8 byte arrays): this assembly does not
/// allow unsafe code, which the LibraryImport generator needs.</remarks>
[SupportedOSPlatform("linux")]
internal static class Interop
{
    /// <summary>dirfd meaning "relative to the working directory".</summary>
    internal const int AT_FDCWD = -100;

    /// <summary>Do not follow a final symbolic link.</summary>
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;

    /// <summary>statx mask: type and mode, owner and group.</summary>
    internal const uint STATX_TYPE_MODE_UID_GID = 0x1 | 0x2 | 0x8 | 0x10;

    /// <summary>stx_attributes bit: the path is the root of a mount (a bind-mounted file, Linux 5.8+).</summary>
    internal const ulong STATX_ATTR_MOUNT_ROOT = 0x2000;

    /// <summary>sizeof(struct statx).</summary>
    internal const int StatxSize = 256;

    /// <summary>Offsets in struct statx (linux/stat.h; the same on every architecture).</summary>
    internal const int StxAttributesOffset = 8;
    internal const int StxUidOffset = 20;
    internal const int StxGidOffset = 24;
    internal const int StxModeOffset = 28;

    internal const int O_RDONLY = 0;
    internal const int O_DIRECTORY = 0x10000;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>statx(2) into <paramref name="buffer"/> (<see cref="StatxSize"/> bytes); 0 or -1 with errno.</summary>
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    internal static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

    /// <summary>open(2); the descriptor or -1 with errno.</summary>
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    internal static extern SafeFileHandle Open(byte[] path, int flags);

    /// <summary>fsync(2); 0 or -1 with errno.</summary>
    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static extern int Fsync(SafeFileHandle fd);

    /// <summary>lchown(2) (a symbolic link itself, else the file); 0 or -1 with errno.</summary>
    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    internal static extern int Lchown(byte[] path, uint owner, uint group);

    /// <summary>A NUL-terminated UTF-8 path for the calls above.</summary>
    internal static byte[] PathBytes(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A path cannot contain NUL.", nameof(path));
        }

        byte[] bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
