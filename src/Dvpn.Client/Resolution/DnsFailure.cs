namespace Dvpn.Client.Resolution;

/// <summary>Why the system's DNS configuration could not be changed or restored.</summary>
internal enum DnsFailure
{
    /// <summary>A file operation failed (permissions, read-only file system, full disk).</summary>
    Io,

    /// <summary>The resolv.conf path names a directory, device or other non-file: never replaced.</summary>
    UnsupportedTarget,

    /// <summary>The <c>resolvectl</c> program cannot be started.</summary>
    ToolMissing,

    /// <summary><c>resolvectl</c> ran and failed.</summary>
    Refused,

    /// <summary><c>resolvectl</c> did not finish in time.</summary>
    TimedOut,
}
