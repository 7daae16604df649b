namespace Dvpn.Client.Resolution;

/// <summary>The JSON shape of <see cref="ResolvConfState"/> on disk: every member optional, validated by
/// <see cref="ResolvConfState.TryRead"/>.</summary>
internal sealed class ResolvConfStateDocument
{
    /// <summary>Format version, <see cref="ResolvConfState.CurrentVersion"/>.</summary>
    public int Version { get; set; }

    /// <summary>The resolv.conf path this state belongs to.</summary>
    public string? Path { get; set; }

    /// <summary><c>absent</c>, <c>file</c> or <c>symlink</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>The symbolic link's text, exactly as readlink returned it.</summary>
    public string? LinkText { get; set; }

    /// <summary>The regular file's exact bytes (base64 in JSON).</summary>
    public byte[]? Content { get; set; }

    /// <summary>The regular file's permission bits.</summary>
    public int Mode { get; set; }

    /// <summary>The regular file's owner.</summary>
    public uint Uid { get; set; }

    /// <summary>The regular file's group.</summary>
    public uint Gid { get; set; }

    /// <summary>The old <c>search</c>/<c>domain</c> lines, kept in the generated file.</summary>
    public List<string>? KeptLines { get; set; }

    /// <summary>Directories the first apply created for the file, outermost first; removed (when empty) on restore.</summary>
    public List<string>? CreatedDirectories { get; set; }
}
