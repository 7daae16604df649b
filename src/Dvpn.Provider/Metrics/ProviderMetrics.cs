using System.Diagnostics.Metrics;
using System.Numerics;
using Dvpn.Protocol.V1;

namespace Dvpn.Provider.Metrics;

/// <summary>
/// The provider's instruments, on the Meter <c>Dvpn.Provider</c> (exported by OpenTelemetry to Prometheus when
/// <c>Provider:Metrics:Listen</c> is set). Token amounts are recorded as doubles of the smallest unit: exact up to
/// 2^53, which is enough for dashboards; the ledger and the chain hold the exact figures.
/// </summary>
internal sealed class ProviderMetrics
{
    /// <summary>The Meter's name.</summary>
    public const string MeterName = "Dvpn.Provider";

    private readonly Counter<long> _sessionsOpened;
    private readonly UpDownCounter<long> _sessionsActive;
    private readonly Counter<long> _sessionsEnded;
    private readonly Counter<long> _sessionsPaused;
    private readonly Counter<long> _sessionsResumed;
    private readonly Counter<long> _bytesMetered;
    private readonly Counter<long> _ticketsReceived;
    private readonly Counter<long> _ticketsAccepted;
    private readonly Counter<long> _ticketsRejected;
    private readonly Counter<long> _ticketsWon;
    private readonly Counter<double> _valueCredited;
    private readonly Counter<long> _claimsLanded;
    private readonly Counter<long> _ticketsClaimed;
    private readonly Counter<double> _gasSpent;
    private readonly Counter<long> _winnersExpired;

    public ProviderMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _sessionsOpened = meter.CreateCounter<long>("dvpn.provider.sessions.opened", "{session}", "Sessions opened");
        _sessionsActive = meter.CreateUpDownCounter<long>("dvpn.provider.sessions.active", "{session}", "Sessions open now");
        _sessionsEnded = meter.CreateCounter<long>("dvpn.provider.sessions.ended", "{session}", "Sessions ended, by reason");
        _sessionsPaused = meter.CreateCounter<long>("dvpn.provider.sessions.paused", "{pause}", "Sessions paused for unpaid use over the credit limit");
        _sessionsResumed = meter.CreateCounter<long>("dvpn.provider.sessions.resumed", "{pause}", "Paused sessions resumed after payment");
        _bytesMetered = meter.CreateCounter<long>("dvpn.provider.bytes.metered", "By", "Tunnel bytes metered, both directions");
        _ticketsReceived = meter.CreateCounter<long>("dvpn.provider.tickets.received", "{ticket}", "Tickets received");
        _ticketsAccepted = meter.CreateCounter<long>("dvpn.provider.tickets.accepted", "{ticket}", "Tickets accepted");
        _ticketsRejected = meter.CreateCounter<long>("dvpn.provider.tickets.rejected", "{ticket}", "Tickets rejected, by verdict");
        _ticketsWon = meter.CreateCounter<long>("dvpn.provider.tickets.won", "{ticket}", "Winning tickets queued for claiming");
        _valueCredited = meter.CreateCounter<double>("dvpn.provider.value.credited", "{token-unit}", "Expected value of accepted tickets");
        _claimsLanded = meter.CreateCounter<long>("dvpn.provider.claims.landed", "{transaction}", "Claim transactions mined");
        _ticketsClaimed = meter.CreateCounter<long>("dvpn.provider.tickets.claimed", "{ticket}", "Winning tickets paid on chain");
        _gasSpent = meter.CreateCounter<double>("dvpn.provider.gas.spent", "{wei}", "Gas fees paid for claims");
        _winnersExpired = meter.CreateCounter<long>("dvpn.provider.tickets.expired", "{ticket}", "Winning tickets that expired unclaimed");
    }

    public void SessionOpened()
    {
        _sessionsOpened.Add(1);
        _sessionsActive.Add(1);
    }

    public void SessionEnded(CutOffReason reason)
    {
        _sessionsActive.Add(-1);
        _sessionsEnded.Add(1, new KeyValuePair<string, object?>("reason", ReasonName(reason)));
    }

    public void SessionPaused() => _sessionsPaused.Add(1);

    public void SessionResumed() => _sessionsResumed.Add(1);

    public void BytesMetered(ulong bytes) => _bytesMetered.Add((long)Math.Min(bytes, long.MaxValue));

    public void TicketReceived() => _ticketsReceived.Add(1);

    public void TicketAccepted(BigInteger expectedValue, bool won)
    {
        _ticketsAccepted.Add(1);
        _valueCredited.Add((double)expectedValue);
        if (won)
        {
            _ticketsWon.Add(1);
        }
    }

    public void TicketRejected(TicketVerdict verdict) =>
        _ticketsRejected.Add(1, new KeyValuePair<string, object?>("verdict", verdict.ToString()));

    /// <summary>A claim transaction landed, paying <paramref name="ticketsPaid"/> tickets for <paramref name="gasFeeWei"/>.</summary>
    public void ClaimLanded(int ticketsPaid, BigInteger gasFeeWei)
    {
        _claimsLanded.Add(1);
        _ticketsClaimed.Add(ticketsPaid);
        _gasSpent.Add((double)gasFeeWei);
    }

    /// <summary>Winners paid without a new transaction (found paid on chain after a crash).</summary>
    public void TicketsClaimed(int count) => _ticketsClaimed.Add(count);

    public void WinnersExpired(int count) => _winnersExpired.Add(count);

    private static string ReasonName(CutOffReason reason) => reason switch
    {
        CutOffReason.CreditExceeded => "credit_exceeded",
        CutOffReason.SessionExpired => "expired",
        CutOffReason.Idle => "idle",
        CutOffReason.AccountUnsafe => "account_unsafe",
        CutOffReason.ProviderStopping => "provider_stopping",
        CutOffReason.Closed => "closed",
        _ => "other",
    };
}
