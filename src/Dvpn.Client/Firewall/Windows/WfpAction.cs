namespace Dvpn.Client.Firewall.Windows;

/// <summary>What a filter does with the traffic it matches.</summary>
internal enum WfpAction
{
    /// <summary><c>FWP_ACTION_PERMIT</c>, soft: a block in another sublayer (the Windows firewall's) still wins, so
    /// the kill switch never opens what the user's own firewall closes.</summary>
    Permit,

    /// <summary><c>FWP_ACTION_BLOCK</c> with <c>FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT</c>: a hard block that no permit
    /// of another sublayer can override.</summary>
    Block,
}
