using System.Globalization;
using Dvpn.Client.Events;
using Dvpn.Client.State;

namespace DvpnClient.Sample;

/// <summary>
/// One line per event, stable enough for scripts (and the end-to-end tests) to wait on:
/// <c>STATE connected 0xProvider session 5f3a...</c>, <c>STATE connecting attempt 2 opening 0x...</c>,
/// <c>STATE disconnected</c>, <c>STATE error spendlimitreached ...</c>, <c>EVENT provider-failed 0x... overclaimed ...</c>.
/// </summary>
internal static class EventLine
{
    public static string? Format(ClientEvent e) => e switch
    {
        TunnelStateChanged s => "STATE " + Format(s.State),
        ProviderFailed f => Invariant($"EVENT provider-failed {f.Provider} {Lower(f.Reason)} avoid-until {f.AvoidUntil:O} {f.Detail}"),
        SpendWarning w => Invariant($"EVENT spend-warning {Lower(w.Cap)} spent {w.Spent} limit {w.Limit}"),
        SpendLimitReached r => Invariant($"EVENT spend-limit {Lower(r.Cap)} spent {r.Spent} limit {r.Limit}"),
        ProvidersRefreshed p => Invariant($"EVENT providers block {p.BlockNumber} listed {p.Listed} rejected {p.Rejected}"),
        EventsDropped d => Invariant($"EVENT dropped {d.Dropped}"),
        _ => null,
    };

    private static string Format(TunnelState state) => state switch
    {
        Connected c => $"connected {c.Provider.Address} session {c.Session.SessionId} interface {c.Session.InterfaceName}",
        Connecting c => Invariant($"connecting attempt {c.Attempt} {Lower(c.Phase)} {c.Provider?.Address ?? "-"}"),
        Disconnected d => d.LockedDown ? "disconnected locked-down" : "disconnected",
        Disconnecting d => $"disconnecting then {Lower(d.After)}",
        ErrorState e => $"error {Lower(e.Cause)} {(e.Blocking ? "blocking" : "open")} {e.Detail}",
        _ => state.Name,
    };

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
