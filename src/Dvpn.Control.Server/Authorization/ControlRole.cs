namespace Dvpn.Control.Server.Authorization;

/// <summary>What a caller of the control API may do. Ordered: a higher role may do everything a lower one may.</summary>
public enum ControlRole
{
    /// <summary>Any local user: may read state; secrets are redacted for it.</summary>
    ReadOnly = 0,

    /// <summary>Root or a member of the operator group: may change state and move money.</summary>
    Admin = 1,
}
