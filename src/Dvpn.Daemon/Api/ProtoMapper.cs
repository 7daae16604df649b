using System.Globalization;
using System.Numerics;
using Dvpn.Client.Events;
using Dvpn.Client.State;
using Dvpn.Client.Stats;
using Google.Protobuf.WellKnownTypes;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>The library's types as dvpn.control.v1 messages (amounts as decimal strings, times as Timestamps).</summary>
internal static class ProtoMapper
{
    public static string Amount(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Amount(BigInteger? value) => value is { } v ? Amount(v) : "";

    public static V1.ProviderRef ToProto(this ProviderRef provider) => new()
    {
        Address = provider.Address,
        Region = provider.Region,
        PricePerGib = Amount(provider.PricePerGiB),
    };

    public static V1.TargetState ToProto(this TargetState target) => target switch
    {
        TargetState.Secured => V1.TargetState.Secured,
        TargetState.Unsecured => V1.TargetState.Unsecured,
        _ => V1.TargetState.Unspecified,
    };

    public static V1.TunnelState ToProto(this TunnelState state) => state switch
    {
        Disconnected d => new V1.TunnelState { Disconnected = new V1.TunnelState.Types.Disconnected { LockedDown = d.LockedDown } },
        Connecting c => new V1.TunnelState
        {
            Connecting = new V1.TunnelState.Types.Connecting { Provider = c.Provider?.ToProto(), Attempt = (uint)c.Attempt, Phase = (V1.ConnectPhase)(int)c.Phase },
        },
        Connected c => new V1.TunnelState
        {
            Connected = new V1.TunnelState.Types.Connected { Provider = c.Provider.ToProto(), Since = Timestamp.FromDateTimeOffset(c.Since), Session = c.Session.ToProto() },
        },
        Disconnecting d => new V1.TunnelState { Disconnecting = new V1.TunnelState.Types.Disconnecting { After = (V1.AfterDisconnect)(int)d.After } },
        ErrorState e => new V1.TunnelState { Error = new V1.TunnelState.Types.Error { Cause = e.Cause.ToReason(), Blocking = e.Blocking, Detail = e.Detail } },
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "a tunnel state this API does not know"),
    };

    public static V1.ErrorReason ToReason(this ErrorCause cause) => cause switch
    {
        ErrorCause.NoProviderAvailable => V1.ErrorReason.NoProviderAvailable,
        ErrorCause.SpendLimitReached => V1.ErrorReason.SpendLimitReached,
        ErrorCause.InsufficientFunds => V1.ErrorReason.InsufficientFunds,
        ErrorCause.TunnelSetupFailed => V1.ErrorReason.TunnelSetupFailed,
        ErrorCause.ChainUnavailable => V1.ErrorReason.ChainUnavailable,
        _ => V1.ErrorReason.Unspecified,
    };

    public static V1.SessionInfo ToProto(this SessionInfo session)
    {
        var info = new V1.SessionInfo
        {
            SessionId = session.SessionId,
            InterfaceName = session.InterfaceName,
            Mtu = (uint)session.Mtu,
            WireguardEndpoint = session.WireGuardEndpoint,
            PricePerGib = Amount(session.PricePerGiB),
            CreditLimit = Amount(session.CreditLimit),
            ExpiresAt = session.ExpiresAt == DateTimeOffset.MaxValue ? null : Timestamp.FromDateTimeOffset(session.ExpiresAt),
        };
        info.Addresses.AddRange(session.Addresses);
        info.Dns.AddRange(session.Dns);
        return info;
    }

    public static V1.SessionStats ToProto(this SessionStats stats) => new()
    {
        SessionId = stats.SessionId,
        Provider = stats.Provider.ToProto(),
        Since = Timestamp.FromDateTimeOffset(stats.Since),
        BytesSent = stats.BytesSent,
        BytesReceived = stats.BytesReceived,
        SendRate = stats.SendRate,
        ReceiveRate = stats.ReceiveRate,
        Cost = Amount(stats.Cost),
        TicketsSent = (ulong)stats.TicketsSent,
        TicketsExpectedValue = Amount(stats.TicketsExpectedValue),
        Credited = Amount(stats.Credited),
        HandshakeAge = stats.HandshakeAge is { } age ? Duration.FromTimeSpan(age) : null,
    };

    public static V1.SessionRecord ToProto(this SessionRecord record) => new()
    {
        SessionId = record.SessionId,
        Provider = record.Provider,
        PricePerGib = Amount(record.PricePerGiB),
        Started = Timestamp.FromDateTimeOffset(record.Started),
        Ended = record.Ended is { } ended ? Timestamp.FromDateTimeOffset(ended) : null,
        BytesSent = record.BytesSent,
        BytesReceived = record.BytesReceived,
        Spent = Amount(record.Spent),
        TicketsSent = (ulong)record.TicketsSent,
        EndReason = record.EndReason ?? "",
    };

    /// <summary>One library event as a stream event; null for kinds the stream carries differently (drops become
    /// a Resync with a snapshot, built by the caller).</summary>
    public static V1.Event? ToProto(this ClientEvent e)
    {
        var message = new V1.Event { Sequence = (ulong)Math.Max(0, e.Sequence), At = Timestamp.FromDateTimeOffset(e.At) };
        switch (e)
        {
            case TunnelStateChanged s:
                message.TunnelStateChanged = new V1.TunnelStateChanged { State = s.State.ToProto(), Target = s.Target.ToProto() };
                break;
            case ProviderFailed f:
                message.ProviderFailed = new V1.ProviderFailed
                {
                    Provider = f.Provider,
                    Reason = (V1.ProviderFailureReason)(int)f.Reason,
                    Detail = f.Detail,
                    AvoidUntil = Timestamp.FromDateTimeOffset(f.AvoidUntil),
                };
                break;
            case SpendWarning w:
                message.SpendWarning = new V1.SpendWarning { Cap = (V1.SpendCap)(int)w.Cap, Spent = Amount(w.Spent), Limit = Amount(w.Limit) };
                break;
            case SpendLimitReached r:
                message.SpendLimitReached = new V1.SpendLimitReached { Cap = (V1.SpendCap)(int)r.Cap, Spent = Amount(r.Spent), Limit = Amount(r.Limit) };
                break;
            case ProvidersRefreshed p:
                message.ProvidersRefreshed = new V1.ProvidersRefreshed { BlockNumber = p.BlockNumber, Listed = (uint)p.Listed, Rejected = (uint)p.Rejected };
                break;
            case FirewallChanged f:
                message.FirewallChanged = new V1.FirewallChanged { Status = f.Status.ToProto() };
                break;
            default:
                return null;
        }

        return message;
    }

    public static V1.FirewallStatus ToProto(this Dvpn.Client.Firewall.FirewallStatus status) => new()
    {
        Mode = status.Mode switch
        {
            Dvpn.Client.Firewall.FirewallMode.Blocking => "blocking",
            Dvpn.Client.Firewall.FirewallMode.Tunnel => "tunnel",
            _ => "off",
        },
        Backend = status.Backend,
        Lockdown = status.Lockdown,
        AllowLan = status.AllowLan,
        Error = status.Error ?? "",
    };
}
