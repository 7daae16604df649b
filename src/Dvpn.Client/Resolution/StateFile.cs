using System.Runtime.Versioning;

namespace Dvpn.Client.Resolution;

/// <summary>The small JSON files in which the DNS configurators keep what they must undo: written durably (0600,
/// temporary file, fsync, rename, fsync of the directory) before anything else changes.</summary>
[SupportedOSPlatform("linux")]
internal static class StateFile
{
    /// <summary>Larger files are not ours (a saved resolv.conf is a few hundred bytes).</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    /// <summary>The suffix a state file that does not parse is renamed to, kept for a human to read.</summary>
    public const string CorruptSuffix = ".corrupt";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="content"/> durably, creating the state directory (0700) when needed.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        DurableFile.Write(path, content, OwnerOnly);
    }

    /// <summary>Reads the state file; false when there is none. A file too large to be ours reads as corrupt
    /// (<paramref name="content"/> empty).</summary>
    public static bool TryRead(string path, out byte[] content)
    {
        content = [];
        if (FileStatus.Read(path).Kind == FileKind.Absent)
        {
            return false;
        }

        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > MaxLength)
        {
            return true;
        }

        content = new byte[stream.Length];
        stream.ReadExactly(content);
        return true;
    }

    /// <summary>Renames a state file that does not parse to <c>path.corrupt</c> (replacing an older one).</summary>
    public static void Quarantine(string path)
    {
        File.Move(path, path + CorruptSuffix, overwrite: true);
        DurableFile.FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Deletes the state file: what it recorded has been undone.</summary>
    public static void Delete(string path) => DurableFile.Delete(path);
}
