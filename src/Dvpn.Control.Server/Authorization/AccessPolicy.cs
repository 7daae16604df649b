using Dvpn.Control.Server.Identity;
using Microsoft.Extensions.Logging;

namespace Dvpn.Control.Server.Authorization;

/// <summary>Maps a caller to its role: root and the operator group are <see cref="ControlRole.Admin"/>, everyone
/// else <see cref="ControlRole.ReadOnly"/>.</summary>
public sealed class AccessPolicy
{
    private readonly uint? _operatorGid;

    /// <summary>Creates a policy for an already resolved operator group id (null: no such group, only root is admin).</summary>
    public AccessPolicy(string operatorGroup, uint? operatorGid)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorGroup);
        OperatorGroup = operatorGroup;
        _operatorGid = operatorGid;
    }

    /// <summary>The operator group's name, for messages.</summary>
    public string OperatorGroup { get; }

    /// <summary>Resolves the operator group in the group file once, at start.</summary>
    /// <exception cref="FormatException">The group file is malformed.</exception>
    public static AccessPolicy Create(AccessPolicyOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        // Windows has no group file: its named pipe transport decides operator status from the caller's token.
        uint? gid = OperatingSystem.IsWindows() ? null : GroupFileParser.FindGroupId(File.ReadAllText(options.GroupFile), options.OperatorGroup);
        if (gid is null && !OperatingSystem.IsWindows())
        {
            Log.OperatorGroupMissing(logger, options.OperatorGroup);
        }

        return new AccessPolicy(options.OperatorGroup, gid);
    }

    /// <summary>The role of <paramref name="caller"/>.</summary>
    public ControlRole RoleOf(CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsWindowsOperator || caller.Uid == 0 || (_operatorGid is { } gid && caller.IsInGroup(gid))
            ? ControlRole.Admin
            : ControlRole.ReadOnly;
    }
}
