namespace Dvpn.Control.Server.Authorization;

/// <summary>Who counts as an operator of the daemon.</summary>
public sealed class AccessPolicyOptions
{
    /// <summary>Members of this group (primary or supplementary), and root, are <see cref="ControlRole.Admin"/>.
    /// Default: <c>dvpn</c>. If the group does not exist, only root is.</summary>
    public string OperatorGroup { get; set; } = "dvpn";

    /// <summary>The group database. Default: <c>/etc/group</c>.</summary>
    public string GroupFile { get; set; } = Identity.GroupFileParser.DefaultPath;
}
