using System.Security.Cryptography;

namespace Dvpn.Chain.Wallet;

/// <summary>Writes secret-bearing files: owner-only from the moment they exist, and replaced atomically.</summary>
public static class SecureFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Makes sure <paramref name="path"/> exists and is owner-only (0600 on Unix): creates it empty with that mode, or
    /// narrows an existing file's mode. For files another library opens afterwards (SQLite creates its files with the
    /// umask's mode, and its WAL and shared-memory files copy the database file's mode). No-op on Windows, where the
    /// file inherits its directory's ACL.
    /// </summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static void EnsureOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = OwnerReadWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Already there: keep it, but never wider than owner-only.
            if ((File.GetUnixFileMode(path) & ~OwnerReadWrite) != 0)
            {
                File.SetUnixFileMode(path, OwnerReadWrite);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to a temporary file next to <paramref name="path"/> (created 0600 on Unix,
    /// so no other user can open it even briefly), flushes it to disk, then renames it over the target, so a crash
    /// leaves either the old file or the new one, never half of one.
    /// </summary>
    /// <exception cref="IOException">The target exists and <paramref name="overwrite"/> is false, or the write failed.</exception>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> contents, bool overwrite)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new IOException($"'{path}' has no directory");
        string temp = Path.Combine(directory,
            $".{Path.GetFileName(fullPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.WriteThrough,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
