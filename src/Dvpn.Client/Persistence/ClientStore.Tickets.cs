using System.Numerics;
using Dvpn.Client.Events;
using Dvpn.Client.Spending;
using Microsoft.Data.Sqlite;

namespace Dvpn.Client.Persistence;

internal sealed partial class ClientStore
{
    /// <summary>The nonce floor counts this many nonces per millisecond of the clock (see <see cref="NonceFloor"/>).</summary>
    public const ulong NoncesPerMillisecond = 1024;

    private static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    private readonly SqliteCommand _selectTotal;
    private readonly SqliteCommand _upsertTotal;
    private readonly SqliteCommand _selectNonce;
    private readonly SqliteCommand _upsertNonce;
    private readonly SqliteCommand _insertTicket;

    /// <summary>
    /// Authorizes a ticket in one transaction: checks the session, day and month caps against the spend on disk
    /// (a ticket landing exactly on a cap is allowed), hands out a nonce never handed out before for the signer,
    /// records the ticket and commits with an fsync. Refused (<see cref="SpendDecision.CapReached"/>) with nothing
    /// written when the ticket would take spend past a cap.
    /// </summary>
    /// <exception cref="ArgumentException">The spend or the policy is malformed (a negative amount, an empty id).</exception>
    /// <exception cref="InvalidOperationException">The signer's last nonce is 2^64-1.</exception>
    public SpendDecision AuthorizeTicket(TicketSpend spend, SpendPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        ArgumentException.ThrowIfNullOrEmpty(spend.SessionId, nameof(spend));
        ArgumentException.ThrowIfNullOrEmpty(spend.Provider, nameof(spend));
        ArgumentException.ThrowIfNullOrEmpty(spend.Signer, nameof(spend));
        ThrowIfNotUint256(spend.ExpectedValue, nameof(TicketSpend.ExpectedValue));
        ThrowIfNotUint256(spend.FaceValue, nameof(TicketSpend.FaceValue));

        DateTimeOffset now = _time.GetUtcNow();
        SpendPeriods periods = SpendPeriods.At(now);
        string sessionPeriod = SpendPeriods.Session(Key(spend.SessionId));
        string signer = Key(spend.Signer);
        BigInteger ev = spend.ExpectedValue;

        ulong nonce;
        (SpendTotal Session, SpendTotal Day, SpendTotal Month) before;
        lock (_lock)
        {
            ThrowIfDisposed();

            // IMMEDIATE: the write lock is taken before the reads, so the cap check and the insert cannot interleave
            // with another writer (another process on the same file included).
            using SqliteTransaction tx = _connection.BeginTransaction(deferred: false);
            before = (ReadTotal(tx, sessionPeriod), ReadTotal(tx, periods.Day), ReadTotal(tx, periods.Month));
            SpendTotal all = ReadTotal(tx, SpendPeriods.AllTime);

            foreach ((SpendCap cap, BigInteger? limit, BigInteger spent) in Caps(policy, before))
            {
                if (limit is { } l && spent + ev > l)
                {
                    Log.CapReached(_logger, cap, spend.SessionId, spent, ev, l);
                    return new SpendDecision.CapReached(cap, spent, l); // disposing the transaction rolls it back
                }
            }

            ulong last = ReadLastNonce(tx, signer);
            if (last == ulong.MaxValue)
            {
                // Only RaiseNonceFloor can put it there; nothing is written.
                throw new InvalidOperationException($"the nonce space of signer {spend.Signer} is exhausted (its last " +
                    "nonce is 2^64-1): no further ticket can be signed with this key.");
            }

            nonce = Math.Max(last + 1, NonceFloor(now));

            _insertTicket.Transaction = tx;
            Bind(_insertTicket,
                ("$session", Key(spend.SessionId)), ("$provider", Key(spend.Provider)), ("$signer", signer),
                ("$nonce", ToDb(nonce)), ("$ev", AmountToDb(ev)), ("$face", AmountToDb(spend.FaceValue)),
                ("$winProb", ToDb(spend.WinProb)), ("$at", ToDb(now)));
            _insertTicket.ExecuteNonQuery();

            WriteTotal(tx, sessionPeriod, before.Session.Add(ev));
            WriteTotal(tx, periods.Day, before.Day.Add(ev));
            WriteTotal(tx, periods.Month, before.Month.Add(ev));
            WriteTotal(tx, SpendPeriods.AllTime, all.Add(ev));
            WriteLastNonce(tx, signer, nonce, now);

            tx.Commit();
        }

        Log.TicketAuthorized(_logger, spend.SessionId, nonce, ev);
        return new SpendDecision.Authorized(nonce, Warnings(policy, before, ev));
    }

    /// <summary>Spend so far from the ledger: the current session (0 when null), the current UTC day and month, all time.</summary>
    public SpendSummary GetSpendSummary(SpendPolicy policy, string? currentSessionId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        SpendPeriods periods = SpendPeriods.At(_time.GetUtcNow());
        string? sessionPeriod = currentSessionId is null ? null : SpendPeriods.Session(Key(currentSessionId));
        lock (_lock)
        {
            ThrowIfDisposed();
            using SqliteTransaction tx = _connection.BeginTransaction(deferred: true);
            SpendTotal session = sessionPeriod is null ? SpendTotal.Zero : ReadTotal(tx, sessionPeriod);
            SpendTotal all = ReadTotal(tx, SpendPeriods.AllTime);
            return new SpendSummary(session.Spent, ReadTotal(tx, periods.Day).Spent, ReadTotal(tx, periods.Month).Spent,
                all.Spent, all.Tickets, policy);
        }
    }

    /// <summary>The last nonce handed out for (or raised to by) <paramref name="signer"/>; 0 when none.</summary>
    public ulong GetLastNonce(string signer)
    {
        ArgumentException.ThrowIfNullOrEmpty(signer);
        lock (_lock)
        {
            ThrowIfDisposed();
            return ReadLastNonce(null, Key(signer));
        }
    }

    /// <summary>
    /// Makes the next nonce for <paramref name="signer"/> greater than <paramref name="atLeast"/> (a provider said a
    /// ticket was replayed: it has seen that nonce). Never lowers it.
    /// </summary>
    public void RaiseNonceFloor(string signer, ulong atLeast)
    {
        ArgumentException.ThrowIfNullOrEmpty(signer);
        string key = Key(signer);
        lock (_lock)
        {
            ThrowIfDisposed();
            using SqliteTransaction tx = _connection.BeginTransaction(deferred: false);
            ulong last = ReadLastNonce(tx, key);
            if (atLeast <= last)
            {
                return;
            }

            WriteLastNonce(tx, key, atLeast, _time.GetUtcNow());
            tx.Commit();
            Log.NonceFloorRaised(_logger, signer, last, atLeast);
        }
    }

    /// <summary>
    /// The lowest nonce handed out at <paramref name="now"/> whatever the ledger says: Unix milliseconds times
    /// <see cref="NoncesPerMillisecond"/>. A ledger that was lost therefore never hands out an old nonce again
    /// while the clock moves forward (u64 room: until about the year 570,000).
    /// </summary>
    public static ulong NonceFloor(DateTimeOffset now)
    {
        long ms = now.ToUnixTimeMilliseconds();
        return ms <= 0 ? 0 : checked((ulong)ms * NoncesPerMillisecond);
    }

    private static IEnumerable<(SpendCap Cap, BigInteger? Limit, BigInteger Spent)> Caps(
        SpendPolicy policy, (SpendTotal Session, SpendTotal Day, SpendTotal Month) spent)
    {
        // The order is the order reported: the narrowest cap first.
        yield return (SpendCap.Session, policy.PerSession, spent.Session.Spent);
        yield return (SpendCap.Day, policy.PerDay, spent.Day.Spent);
        yield return (SpendCap.Month, policy.PerMonth, spent.Month.Spent);
    }

    private List<SpendWarning> Warnings(SpendPolicy policy, (SpendTotal Session, SpendTotal Day, SpendTotal Month) before, BigInteger ev)
    {
        List<SpendWarning> warnings = [];
        foreach ((SpendCap cap, BigInteger? limit, BigInteger spent) in Caps(policy, before))
        {
            if (limit is { } l && WarnShare.IsCrossed(policy.WarnAt, l, spent, spent + ev))
            {
                Log.SpendWarningCrossed(_logger, cap, spent + ev, l);
                warnings.Add(new SpendWarning(cap, spent + ev, l));
            }
        }

        return warnings;
    }

    private SpendTotal ReadTotal(SqliteTransaction tx, string period)
    {
        _selectTotal.Transaction = tx;
        Bind(_selectTotal, ("$period", period));
        using SqliteDataReader reader = _selectTotal.ExecuteReader();
        return reader.Read()
            ? new SpendTotal(AmountFromDb(reader.GetString(0), period), reader.GetInt64(1))
            : SpendTotal.Zero;
    }

    private void WriteTotal(SqliteTransaction tx, string period, SpendTotal total)
    {
        _upsertTotal.Transaction = tx;
        Bind(_upsertTotal, ("$period", period), ("$spent", AmountToDb(total.Spent)), ("$tickets", total.Tickets));
        _upsertTotal.ExecuteNonQuery();
    }

    private ulong ReadLastNonce(SqliteTransaction? tx, string signer)
    {
        _selectNonce.Transaction = tx;
        Bind(_selectNonce, ("$signer", signer));
        return _selectNonce.ExecuteScalar() is long last ? FromDb(last) : 0;
    }

    private void WriteLastNonce(SqliteTransaction tx, string signer, ulong nonce, DateTimeOffset now)
    {
        _upsertNonce.Transaction = tx;
        Bind(_upsertNonce, ("$signer", signer), ("$nonce", ToDb(nonce)), ("$now", ToDb(now)));
        _upsertNonce.ExecuteNonQuery();
    }

    private static void ThrowIfNotUint256(BigInteger value, string name)
    {
        if (value.Sign < 0 || value > MaxUint256)
        {
            throw new ArgumentException($"{name} must be a uint256 (0 to 2^256-1), not {value}", name);
        }
    }
}
