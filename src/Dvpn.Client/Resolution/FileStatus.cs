using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.Client.Resolution;

/// <summary>What lstat-like statx(2) says (native byte order) about a path: kind, permission bits, owner, and whether it is the root of a
/// mount (a file bind-mounted over another, as <c>ip netns exec</c> and containers do with resolv.conf).</summary>
[SupportedOSPlatform("linux")]
internal readonly record struct FileStatus(FileKind Kind, UnixFileMode Mode, uint Uid, uint Gid, bool IsMountRoot)
{
    private const int S_IFMT = 0xF000;
    private const int S_IFREG = 0x8000;
    private const int S_IFLNK = 0xA000;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    /// <summary>Permission bits kept by a save and put back by a restore (no set-id or sticky bits).</summary>
    public const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;

    /// <summary>Reads <paramref name="path"/>'s status without following a final symbolic link.</summary>
    /// <exception cref="IOException">statx failed for another reason than "does not exist".</exception>
    public static FileStatus Read(string path)
    {
        byte[] buffer = new byte[Interop.StatxSize];
        if (Interop.Statx(Interop.AT_FDCWD, Interop.PathBytes(path), Interop.AT_SYMLINK_NOFOLLOW, Interop.STATX_TYPE_MODE_UID_GID, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR)
            {
                return new FileStatus(FileKind.Absent, 0, 0, 0, false);
            }

            throw new IOException($"statx '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        int mode = MemoryMarshal.Read<ushort>(buffer.AsSpan(Interop.StxModeOffset));
        FileKind kind = (mode & S_IFMT) switch
        {
            S_IFREG => FileKind.Regular,
            S_IFLNK => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
        ulong attributes = MemoryMarshal.Read<ulong>(buffer.AsSpan(Interop.StxAttributesOffset));
        return new FileStatus(
            kind,
            (UnixFileMode)(mode & (int)PermissionBits),
            MemoryMarshal.Read<uint>(buffer.AsSpan(Interop.StxUidOffset)),
            MemoryMarshal.Read<uint>(buffer.AsSpan(Interop.StxGidOffset)),
            (attributes & Interop.STATX_ATTR_MOUNT_ROOT) != 0);
    }
}
