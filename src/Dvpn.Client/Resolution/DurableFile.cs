using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Dvpn.Client.Resolution;

/// <summary>
/// Replaces files so that a crash leaves either the old or the new one: a temporary file in the same directory,
/// written and fsync'd, renamed over the target, then the directory fsync'd. A target that is a mount root (a file
/// bind-mounted over another) cannot be renamed over (EBUSY); it is rewritten in place instead.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class DurableFile
{
    private const int EBUSY = 16;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> with <paramref name="mode"/> (and owner when
    /// given), replacing a file or symbolic link there. Returns true when it wrote in place: the target is a mount root
    /// (bind mount), or <paramref name="preferInPlace"/> and it is a regular file (its inode is kept).</summary>
    /// <exception cref="IOException">The write failed; the target is unchanged unless it was written in place.</exception>
    public static bool Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode, uint? uid = null, uint? gid = null,
        bool preferInPlace = false)
    {
        FileStatus status = FileStatus.Read(path);
        if (status.IsMountRoot || (preferInPlace && status.Kind == FileKind.Regular))
        {
            WriteInPlace(path, content, mode, uid, gid);
            return true;
        }

        string temporary = TemporaryPath(path);
        try
        {
            FileStreamOptions options = new()
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (FileStream stream = new(temporary, options))
            {
                stream.Write(content);
                // The umask applied at creation; set the exact bits (and owner) before the file becomes visible.
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
                stream.Flush(flushToDisk: true);
            }

            SetOwner(temporary, uid, gid);
            if (!TryRename(temporary, path))
            {
                File.Delete(temporary);
                WriteInPlace(path, content, mode, uid, gid);
                return true;
            }
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return false;
    }

    /// <summary>Makes <paramref name="path"/> a symbolic link whose text is <paramref name="linkText"/>, replacing
    /// whatever file or link is there in one rename.</summary>
    /// <exception cref="IOException">The link could not be created or renamed.</exception>
    public static void WriteSymbolicLink(string path, string linkText)
    {
        string temporary = TemporaryPath(path);
        try
        {
            File.CreateSymbolicLink(temporary, linkText);
            if (!TryRename(temporary, path))
            {
                throw new IOException($"'{path}' is a mount point; it cannot be turned back into a symbolic link.", EBUSY);
            }
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>fsync(2) of a directory, so a rename or unlink in it survives a power cut.</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void FlushDirectory(string directory)
    {
        using Microsoft.Win32.SafeHandles.SafeFileHandle handle =
            Interop.Open(Interop.PathBytes(directory), Interop.O_RDONLY | Interop.O_DIRECTORY | Interop.O_CLOEXEC);
        if (handle.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open directory '{directory}': {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        if (Interop.Fsync(handle) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"fsync of directory '{directory}' failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }

    /// <summary>Deletes the file or symbolic link at <paramref name="path"/> (nothing there is fine) and syncs its
    /// directory.</summary>
    public static void Delete(string path)
    {
        if (FileStatus.Read(path).Kind == FileKind.Absent)
        {
            return;
        }

        File.Delete(path);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    private static void WriteInPlace(string path, ReadOnlySpan<byte> content, UnixFileMode mode, uint? uid, uint? gid)
    {
        // Truncate, not create: the mount point exists, and a reader may briefly see a short file (no rename is possible).
        using FileStream stream = new(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(content);
        File.SetUnixFileMode(stream.SafeFileHandle, mode);
        stream.Flush(flushToDisk: true);
        SetOwner(path, uid, gid);
    }

    /// <summary>rename(2) over <paramref name="destination"/>; false when it is a mount point (EBUSY), the case the
    /// statx check above already catches on Linux 5.8+ (kept for older kernels and other mount kinds).</summary>
    internal static bool TryRename(string source, string destination)
    {
        try
        {
            File.Move(source, destination, overwrite: true);
            return true;
        }
        catch (IOException e) when (e.HResult == EBUSY)
        {
            return false;
        }
    }

    private static void SetOwner(string path, uint? uid, uint? gid)
    {
        if (uid is null && gid is null)
        {
            return;
        }

        if (Interop.Lchown(Interop.PathBytes(path), uid ?? uint.MaxValue, gid ?? uint.MaxValue) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"chown '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }

    private static string TemporaryPath(string path)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Path.Combine(directory, $".{Path.GetFileName(path)}.dvpnd-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
