namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// One planned WFP filter, as plain data. Within our sublayer WFP evaluates filters from the highest
/// <paramref name="Weight"/> down and the first match decides, so the weights carry the rule order (see
/// <see cref="WfpWeights"/>).
/// </summary>
/// <param name="Key">The filter's key (<c>filterKey</c>), derived deterministically (<see cref="WfpObjectKeys"/>).</param>
/// <param name="Kind">Why the filter exists.</param>
/// <param name="Name">Display name, shown by <c>netsh wfp show filters</c>.</param>
/// <param name="Layer">The layer it sits at.</param>
/// <param name="Action">Permit or (hard) block.</param>
/// <param name="Weight">0 to 15 (an <c>FWP_UINT8</c> weight: WFP uses it as the top four bits of the real 64-bit weight).</param>
/// <param name="Conditions">All must hold (several of one field: any of them).</param>
internal sealed record WfpFilter(
    Guid Key,
    WfpFilterKind Kind,
    string Name,
    WfpLayer Layer,
    WfpAction Action,
    byte Weight,
    IReadOnlyList<WfpCondition> Conditions);
