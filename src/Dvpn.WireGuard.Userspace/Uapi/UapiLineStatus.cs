namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>What <see cref="UapiLineReader.ReadLineAsync"/> found.</summary>
internal enum UapiLineStatus
{
    /// <summary>A whole line (in <see cref="UapiLineReader.Line"/>).</summary>
    Line,

    /// <summary>The peer closed the connection (a partial last line is dropped).</summary>
    EndOfStream,

    /// <summary>The line is longer than the reader's limit; the connection cannot be resynchronized.</summary>
    TooLong,
}
