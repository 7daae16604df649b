namespace Dvpn.Client.Resolution;

/// <summary>What a path names, without following a final symbolic link.</summary>
internal enum FileKind
{
    /// <summary>Nothing (ENOENT).</summary>
    Absent,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A symbolic link (possibly dangling).</summary>
    SymbolicLink,

    /// <summary>A directory, device, socket or FIFO: never ours to replace.</summary>
    Other,
}
