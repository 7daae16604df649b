namespace Dvpn.Control.Server.Identity;

/// <summary>Who is on the other end of a control connection, as the kernel vouches for it.</summary>
/// <remarks>Stored once per connection in the connection's features; read it in a handler with
/// <see cref="Authorization.ServerCallContextExtensions.GetCallerIdentity"/>.</remarks>
public sealed class CallerIdentity
{
    /// <summary>Creates an identity.</summary>
    public CallerIdentity(uint uid, uint gid, int pid, IReadOnlyList<uint> supplementaryGroups)
    {
        ArgumentNullException.ThrowIfNull(supplementaryGroups);
        Uid = uid;
        Gid = gid;
        Pid = pid;
        SupplementaryGroups = supplementaryGroups;
    }

    /// <summary>Creates the identity of a Windows named pipe client (no uid/gid: both are <see cref="uint.MaxValue"/>),
    /// whose operator status the transport decided from its token.</summary>
    /// <param name="sid">The caller's user SID, for logs.</param>
    /// <param name="pid">The client process id, 0 when unknown.</param>
    /// <param name="isOperator">LocalSystem, an elevated administrator, or a member of the operator group.</param>
    public static CallerIdentity ForWindows(string sid, int pid, bool isOperator)
    {
        ArgumentException.ThrowIfNullOrEmpty(sid);
        return new CallerIdentity(uint.MaxValue, uint.MaxValue, pid, []) { WindowsSid = sid, IsWindowsOperator = isOperator };
    }

    /// <summary>The caller's SID on Windows; null on Linux.</summary>
    public string? WindowsSid { get; private init; }

    /// <summary>On Windows: the transport found the caller to be an operator (see <see cref="ForWindows"/>).</summary>
    public bool IsWindowsOperator { get; private init; }

    /// <summary>The caller's effective user id.</summary>
    public uint Uid { get; }

    /// <summary>The caller's effective (primary) group id.</summary>
    public uint Gid { get; }

    /// <summary>The caller's process id at connect time (for logs: it may have exited since).</summary>
    public int Pid { get; }

    /// <summary>The caller's supplementary groups at connect time; empty if they could not be read.</summary>
    public IReadOnlyList<uint> SupplementaryGroups { get; }

    /// <summary>Whether the caller has <paramref name="gid"/> as its primary or a supplementary group.</summary>
    /// <remarks>Always false for a Windows caller, which has no gids.</remarks>
    public bool IsInGroup(uint gid) => WindowsSid is null && (Gid == gid || SupplementaryGroups.Contains(gid));

    /// <inheritdoc />
    public override string ToString() => WindowsSid is { } sid ? $"sid {sid} pid {Pid}" : $"uid {Uid} gid {Gid} pid {Pid}";
}
