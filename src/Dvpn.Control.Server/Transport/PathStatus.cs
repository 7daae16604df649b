using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.Control.Server.Transport;

/// <summary>What lstat would say about a path: its type, owner and permission bits (symbolic links are not followed).</summary>
/// <param name="Type">The S_IFMT bits.</param>
/// <param name="Uid">The owner.</param>
/// <param name="Permissions">The permission bits (mode &amp; 07777).</param>
[SupportedOSPlatform("linux")]
internal readonly record struct PathStatus(uint Type, uint Uid, uint Permissions)
{
    public bool IsDirectory => Type == Interop.S_IFDIR;

    public bool IsSocket => Type == Interop.S_IFSOCK;

    public bool IsSymbolicLink => Type == Interop.S_IFLNK;

    /// <summary>Reads the status of <paramref name="path"/>, or returns null if it does not exist.</summary>
    /// <exception cref="Win32Exception">statx failed for another reason than ENOENT.</exception>
    public static unsafe PathStatus? Get(string path)
    {
        byte* buffer = stackalloc byte[Interop.StatxSize];
        if (Interop.Statx(Interop.AT_FDCWD, path, Interop.AT_SYMLINK_NOFOLLOW,
                Interop.STATX_TYPE | Interop.STATX_MODE | Interop.STATX_UID, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno == Interop.ENOENT ? null : throw new Win32Exception(errno, $"statx({path}) failed");
        }

        var head = *(Interop.StatxHead*)buffer;
        return new PathStatus(head.Mode & Interop.S_IFMT, head.Uid, head.Mode & 0xFFFu);
    }
}
