using System.Numerics;
using Dvpn.Client.State;

namespace Dvpn.Client.Events;

/// <summary>Something that happened in the client. Every event carries a sequence number, increasing by one.</summary>
public abstract record ClientEvent
{
    private protected ClientEvent()
    {
    }

    /// <summary>The event's position in the client's event sequence (first event: 1).</summary>
    public long Sequence { get; init; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; init; }
}

/// <summary>The tunnel state changed.</summary>
/// <param name="State">The new state.</param>
/// <param name="Target">The target state at that moment.</param>
public sealed record TunnelStateChanged(TunnelState State, TargetState Target) : ClientEvent;

/// <summary>A provider failed or was left; it is avoided for a while.</summary>
/// <param name="Provider">The provider's address.</param>
/// <param name="Reason">What went wrong.</param>
/// <param name="Detail">Human-readable detail.</param>
/// <param name="AvoidUntil">Until when selection skips it.</param>
public sealed record ProviderFailed(string Provider, ProviderFailureReason Reason, string Detail, DateTimeOffset AvoidUntil) : ClientEvent;

/// <summary>Spend passed the warning share of a cap.</summary>
/// <param name="Cap">Which cap.</param>
/// <param name="Spent">Spent so far in the cap's period.</param>
/// <param name="Limit">The cap.</param>
public sealed record SpendWarning(SpendCap Cap, BigInteger Spent, BigInteger Limit) : ClientEvent;

/// <summary>A cap was reached: no further ticket is signed in its period.</summary>
/// <param name="Cap">Which cap.</param>
/// <param name="Spent">Spent so far in the cap's period.</param>
/// <param name="Limit">The cap.</param>
public sealed record SpendLimitReached(SpendCap Cap, BigInteger Spent, BigInteger Limit) : ClientEvent;

/// <summary>The provider list was read again.</summary>
/// <param name="BlockNumber">The block it was read at.</param>
/// <param name="Listed">How many providers are listed and well-formed.</param>
/// <param name="Rejected">How many entries were skipped as malformed.</param>
public sealed record ProvidersRefreshed(ulong BlockNumber, int Listed, int Rejected) : ClientEvent;

/// <summary>The subscriber fell behind and events were dropped; the next event is a fresh snapshot.</summary>
/// <param name="Dropped">How many events were dropped.</param>
public sealed record EventsDropped(long Dropped) : ClientEvent;

/// <summary>Why a provider was given up on.</summary>
public enum ProviderFailureReason
{
    /// <summary>It could not be reached or refused the session.</summary>
    Unreachable = 1,

    /// <summary>The session opened but no WireGuard handshake followed.</summary>
    HandshakeFailed = 2,

    /// <summary>It stopped answering (no invoices, stale handshakes, payment stream gone).</summary>
    StoppedAnswering = 3,

    /// <summary>It invoiced more than the client measured (beyond the tolerance): refused and left.</summary>
    OverClaimed = 4,

    /// <summary>It answered against the protocol (wrong key, wrong terms, malformed messages).</summary>
    ProtocolViolation = 5,

    /// <summary>It ended the session itself (cut-off, expiry, shutdown).</summary>
    EndedSession = 6,
}

/// <summary>The spending caps.</summary>
public enum SpendCap
{
    /// <summary>Per session.</summary>
    Session = 1,

    /// <summary>Per UTC day.</summary>
    Day = 2,

    /// <summary>Per UTC month.</summary>
    Month = 3,
}

/// <summary>The kill switch's rules changed (or could not be changed: <see cref="Firewall.FirewallStatus.Error"/>).</summary>
/// <param name="Status">What is in force now.</param>
public sealed record FirewallChanged(Firewall.FirewallStatus Status) : ClientEvent;
