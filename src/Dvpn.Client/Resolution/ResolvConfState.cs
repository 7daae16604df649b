using System.Runtime.Versioning;
using System.Text.Json;

namespace Dvpn.Client.Resolution;

/// <summary>
/// What was at the resolv.conf path before the first apply: nothing, a symbolic link (its text), or a regular file
/// (its bytes, permission bits and owner); plus the directories the apply created and the <c>search</c>/<c>domain</c>
/// lines the generated file keeps.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed record ResolvConfState(
    string Path,
    FileKind Kind,
    string? LinkText,
    byte[]? Content,
    UnixFileMode Mode,
    uint Uid,
    uint Gid,
    IReadOnlyList<string> KeptLines,
    IReadOnlyList<string> CreatedDirectories)
{
    /// <summary>The format version written and accepted.</summary>
    public const int CurrentVersion = 1;

    private const int MaxLinkText = 4095;

    /// <summary>The state as JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(new ResolvConfStateDocument
    {
        Version = CurrentVersion,
        Path = Path,
        Kind = Kind switch { FileKind.Regular => "file", FileKind.SymbolicLink => "symlink", _ => "absent" },
        LinkText = LinkText,
        Content = Content,
        Mode = (int)Mode,
        Uid = Uid,
        Gid = Gid,
        KeptLines = [.. KeptLines],
        CreatedDirectories = [.. CreatedDirectories],
    }, DnsStateJsonContext.Default.ResolvConfStateDocument);

    /// <summary>Parses a saved state for <paramref name="expectedPath"/>; never throws. False (with the reason) for
    /// anything we would not have written: wrong version or path, inconsistent fields, kept lines that are not
    /// <c>search</c>/<c>domain</c>, created directories that are not ancestors of the path.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, string expectedPath, out ResolvConfState? state, out string problem)
    {
        state = null;
        ResolvConfStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, DnsStateJsonContext.Default.ResolvConfStateDocument);
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON: {e.Message}";
            return false;
        }

        if (document is null || document.Version != CurrentVersion)
        {
            problem = $"unknown format version {document?.Version}";
            return false;
        }

        if (document.Path != expectedPath)
        {
            problem = $"saved for '{document.Path}', not for '{expectedPath}'";
            return false;
        }

        FileKind kind = document.Kind switch
        {
            "file" => FileKind.Regular,
            "symlink" => FileKind.SymbolicLink,
            "absent" => FileKind.Absent,
            _ => FileKind.Other,
        };
        problem = kind switch
        {
            FileKind.Other => $"unknown kind '{document.Kind}'",
            FileKind.Regular when document.Content is null || document.LinkText is not null => "a file without content",
            FileKind.Regular when (document.Mode & ~(int)FileStatus.PermissionBits) != 0 => $"invalid mode {document.Mode}",
            FileKind.SymbolicLink when !IsValidLinkText(document.LinkText) || document.Content is not null => "a symlink without a valid text",
            FileKind.Absent when document.LinkText is not null || document.Content is not null => "an absent file with content",
            _ => "",
        };
        if (problem.Length > 0)
        {
            return false;
        }

        List<string> kept = document.KeptLines ?? [];
        if (kept.FirstOrDefault(line => !ResolvConfContent.IsKeptLine(line)) is { } badLine)
        {
            problem = $"kept line '{badLine}' is not a search or domain line";
            return false;
        }

        List<string> created = document.CreatedDirectories ?? [];
        if (!AreCreatedAncestors(created, expectedPath))
        {
            problem = "created directories that are not ancestors of the path";
            return false;
        }

        state = new ResolvConfState(expectedPath, kind, document.LinkText, document.Content, (UnixFileMode)document.Mode,
            document.Uid, document.Gid, kept, created);
        return true;
    }

    private static bool IsValidLinkText(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= MaxLinkText && !text.Contains('\0', StringComparison.Ordinal);

    /// <summary>Each entry is a normalised absolute directory on the way to <paramref name="path"/>, outermost first:
    /// restore only ever removes (empty) directories on that way.</summary>
    private static bool AreCreatedAncestors(List<string> created, string path)
    {
        string? expected = System.IO.Path.GetDirectoryName(path);
        List<string> ancestors = [];
        while (expected is not null && expected != "/")
        {
            ancestors.Add(expected);
            expected = System.IO.Path.GetDirectoryName(expected);
        }

        // Outermost first: the created ones are the innermost ancestors, in reverse order of the walk up.
        ancestors.Reverse();
        return created.Count <= ancestors.Count && created.SequenceEqual(ancestors.Skip(ancestors.Count - created.Count), StringComparer.Ordinal);
    }
}
