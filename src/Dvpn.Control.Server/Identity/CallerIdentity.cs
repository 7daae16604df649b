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

    /// <summary>The caller's effective user id.</summary>
    public uint Uid { get; }

    /// <summary>The caller's effective (primary) group id.</summary>
    public uint Gid { get; }

    /// <summary>The caller's process id at connect time (for logs: it may have exited since).</summary>
    public int Pid { get; }

    /// <summary>The caller's supplementary groups at connect time; empty if they could not be read.</summary>
    public IReadOnlyList<uint> SupplementaryGroups { get; }

    /// <summary>Whether the caller has <paramref name="gid"/> as its primary or a supplementary group.</summary>
    public bool IsInGroup(uint gid) => Gid == gid || SupplementaryGroups.Contains(gid);

    /// <inheritdoc />
    public override string ToString() => $"uid {Uid} gid {Gid} pid {Pid}";
}
