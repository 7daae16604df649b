using Dvpn.Control.V1;

namespace Dvpn.Cli.Commands;

/// <summary>One-line human descriptions of the API's states and events, shared by several commands.</summary>
internal static class Describe
{
    public static string State(TunnelState? state) => state?.StateCase switch
    {
        TunnelState.StateOneofCase.Disconnected => state.Disconnected.LockedDown ? "disconnected (traffic blocked: lockdown)" : "disconnected",
        TunnelState.StateOneofCase.Connecting => $"connecting ({Text.Word(state.Connecting.Phase)}, attempt {state.Connecting.Attempt}"
                                                 + (state.Connecting.Provider is { } p ? $", {Provider(p)})" : ")"),
        TunnelState.StateOneofCase.Connected => $"connected to {Provider(state.Connected.Provider)} since {Text.Time(state.Connected.Since)}"
                                                + (state.Connected.Session is { InterfaceName.Length: > 0 } s ? $", interface {s.InterfaceName}" : ""),
        TunnelState.StateOneofCase.Disconnecting => $"disconnecting (then {Text.Word(state.Disconnecting.After)})",
        TunnelState.StateOneofCase.Error => $"error {Reason(state.Error.Cause)}: {state.Error.Detail}{(state.Error.Blocking ? " (traffic blocked)" : "")}",
        _ => "unknown",
    };

    public static string Provider(ProviderRef? provider) =>
        provider is null ? "-" : $"{provider.Address} ({(provider.Region.Length > 0 ? provider.Region : "no region")}, {Text.Amount(provider.PricePerGib, "?")}/GiB)";

    /// <summary>The ErrorInfo reason's name for a cause: INSUFFICIENT_FUNDS.</summary>
    public static string Reason(ErrorReason reason) => Text.Word(reason).Replace('-', '_').ToUpperInvariant();

    public static string Target(TargetState target) => target switch
    {
        TargetState.Secured => "secured (stay connected)",
        TargetState.Unsecured => "unsecured (stay disconnected)",
        _ => "unspecified",
    };

    /// <summary>One line per event: "12:00:01.250 #42 connected to ...".</summary>
    public static string Event(Event e) => $"{Text.Clock(e.At)} #{e.Sequence} " + e.KindCase switch
    {
        Control.V1.Event.KindOneofCase.Snapshot => "snapshot: " + Snapshot(e.Snapshot),
        Control.V1.Event.KindOneofCase.Resync => $"resync ({e.Resync.Dropped} events dropped): " + Snapshot(e.Resync.Snapshot),
        Control.V1.Event.KindOneofCase.TunnelStateChanged => $"{State(e.TunnelStateChanged.State)} [target {Text.Word(e.TunnelStateChanged.Target)}]",
        Control.V1.Event.KindOneofCase.ProviderFailed => $"provider {e.ProviderFailed.Provider} failed ({Text.Word(e.ProviderFailed.Reason)}): "
                                                         + $"{e.ProviderFailed.Detail}; avoided until {Text.Time(e.ProviderFailed.AvoidUntil)}",
        Control.V1.Event.KindOneofCase.SpendWarning => $"spend warning: {Text.Word(e.SpendWarning.Cap)} cap, "
                                                       + $"{Text.Amount(e.SpendWarning.Spent)} of {Text.Amount(e.SpendWarning.Limit)}",
        Control.V1.Event.KindOneofCase.SpendLimitReached => $"spend limit reached: {Text.Word(e.SpendLimitReached.Cap)} cap, "
                                                            + $"{Text.Amount(e.SpendLimitReached.Spent)} of {Text.Amount(e.SpendLimitReached.Limit)}",
        Control.V1.Event.KindOneofCase.ProvidersRefreshed => $"providers refreshed at block {e.ProvidersRefreshed.BlockNumber}: "
                                                             + $"{e.ProvidersRefreshed.Listed} listed, {e.ProvidersRefreshed.Rejected} rejected",
        Control.V1.Event.KindOneofCase.SettingsChanged => $"settings changed: {Text.List(e.SettingsChanged.Paths)}",
        Control.V1.Event.KindOneofCase.FirewallChanged => $"kill switch: {Firewall(e.FirewallChanged.Status)}",
        _ => "unknown event",
    };

    /// <summary>One line: the rules in force, lockdown and LAN access, and an error when the last change failed.</summary>
    public static string Firewall(Control.V1.FirewallStatus? status) => status is null || status.Backend.Length == 0
        ? "off (Dvpn:Firewall:KillSwitch is false: nothing is blocked)"
        : $"{status.Mode} ({status.Backend}; lockdown {Text.YesNo(status.Lockdown)}, allow LAN {Text.YesNo(status.AllowLan)})"
          + (status.Error.Length > 0 ? $"; last change failed: {status.Error}" : "");

    public static string Snapshot(Snapshot? snapshot) =>
        snapshot is null ? "-" : $"{State(snapshot.State)} [target {Text.Word(snapshot.Target)}]";

    public static void Stats(TextWriter output, SessionStats stats)
    {
        Text.Pairs(output,
            ("session", stats.SessionId),
            ("provider", Provider(stats.Provider)),
            ("since", Text.Time(stats.Since)),
            ("sent", $"{Text.Bytes(stats.BytesSent)} ({Text.Rate(stats.SendRate)})"),
            ("received", $"{Text.Bytes(stats.BytesReceived)} ({Text.Rate(stats.ReceiveRate)})"),
            ("cost", Text.Amount(stats.Cost, "0 ETH")),
            ("tickets", $"{stats.TicketsSent} (expected value {Text.Amount(stats.TicketsExpectedValue, "0 ETH")})"),
            ("credited", Text.Amount(stats.Credited, "0 ETH")),
            ("handshake", Text.Duration(stats.HandshakeAge, "none yet") + (stats.HandshakeAge is null ? "" : " ago")));
    }

    /// <summary>One line for a stats stream.</summary>
    public static string StatsLine(SessionStats stats) =>
        $"up {Text.Bytes(stats.BytesSent)} ({Text.Rate(stats.SendRate)})  down {Text.Bytes(stats.BytesReceived)} ({Text.Rate(stats.ReceiveRate)})"
        + $"  cost {Text.Amount(stats.Cost, "0 ETH")}  tickets {stats.TicketsSent}  handshake {Text.Duration(stats.HandshakeAge)}";
}
