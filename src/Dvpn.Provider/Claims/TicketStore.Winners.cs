using System.Globalization;
using System.Numerics;
using Dvpn.Chain.Tickets;
using Microsoft.Data.Sqlite;

namespace Dvpn.Provider.Claims;

internal sealed partial class TicketStore
{
    private const string WinnerColumns = """
        id, signer, nonce, recipient, commit_hash, issued, face_value, win_prob, expiry, token, funder, data,
        signature, reveal, state, tx_hash, attempts, last_error, created_at, updated_at
        """;

    /// <summary>
    /// The winners in <paramref name="state"/>, soonest expiry first (then in the order they were queued). Expiries
    /// at or above 2^63 sort last, after the others, as the unsigned values they are.
    /// </summary>
    public IReadOnlyList<StoredWinner> GetWinners(WinnerState state = WinnerState.Pending)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand command = Command(
                $"SELECT {WinnerColumns} FROM winners WHERE state = $state ORDER BY expiry < 0, expiry, id");
            Bind(command, ("$state", StateName(state)));
            using SqliteDataReader reader = command.ExecuteReader();
            var winners = new List<StoredWinner>();
            while (reader.Read())
            {
                winners.Add(ReadWinner(reader));
            }

            return winners;
        }
    }

    /// <summary>The pending winners, soonest expiry first: what the claim worker works through.</summary>
    public IReadOnlyList<StoredWinner> GetPendingWinners() => GetWinners(WinnerState.Pending);

    /// <summary>How many winners are in each state.</summary>
    public WinnerCounts GetCounts()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand command = Command("SELECT state, count(*) FROM winners GROUP BY state");
            using SqliteDataReader reader = command.ExecuteReader();
            long pending = 0, claimed = 0, skipped = 0, expired = 0;
            while (reader.Read())
            {
                long n = reader.GetInt64(1);
                switch (ParseState(reader.GetString(0)))
                {
                    case WinnerState.Pending: pending = n; break;
                    case WinnerState.Claimed: claimed = n; break;
                    case WinnerState.Skipped: skipped = n; break;
                    case WinnerState.Expired: expired = n; break;
                }
            }

            return new WinnerCounts(pending, claimed, skipped, expired);
        }
    }

    /// <summary>Marks pending winners claimed by <paramref name="transactionHash"/> (null: found paid on chain).</summary>
    public int MarkClaimed(IEnumerable<long> ids, string? transactionHash, string? note = null) =>
        Resolve([.. ids.Select(id => new WinnerResolution(id, WinnerState.Claimed, transactionHash, note))]);

    /// <summary>Marks a pending winner skipped (it paid nothing) for <paramref name="reason"/>.</summary>
    public bool MarkSkipped(long id, string? transactionHash, string reason) =>
        Resolve([new WinnerResolution(id, WinnerState.Skipped, transactionHash, reason)]) == 1;

    /// <summary>Marks a pending winner expired (its expiry passed before a claim paid it).</summary>
    public bool MarkExpired(long id, string? transactionHash, string reason) =>
        Resolve([new WinnerResolution(id, WinnerState.Expired, transactionHash, reason)]) == 1;

    /// <summary>
    /// Settles pending winners in one transaction. Rows that are no longer pending are left alone (a settled winner
    /// never goes back). A resolution with a transaction hash counts as one more attempt. Returns the rows changed.
    /// </summary>
    /// <exception cref="ArgumentException">A resolution's state is <see cref="WinnerState.Pending"/>.</exception>
    public int Resolve(IReadOnlyList<WinnerResolution> resolutions)
    {
        ArgumentNullException.ThrowIfNull(resolutions);
        if (resolutions.Any(r => r.State == WinnerState.Pending))
        {
            throw new ArgumentException("a resolution settles a winner: its state cannot be pending", nameof(resolutions));
        }

        return Update("""
            UPDATE winners SET state = $state, tx_hash = $tx, last_error = $note,
                               attempts = attempts + $sent, updated_at = $now
            WHERE id = $id AND state = 'pending'
            """,
            resolutions.Select(r => new (string, object?)[]
            {
                ("$id", r.Id), ("$state", StateName(r.State)), ("$tx", r.TransactionHash), ("$note", r.Note),
                ("$sent", r.TransactionHash is null ? 0 : 1),
            }));
    }

    /// <summary>Counts a failed claim attempt against pending winners and keeps the error; they stay pending.</summary>
    public int RecordFailure(IEnumerable<long> ids, string error)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(error);
        return Update("""
            UPDATE winners SET attempts = attempts + 1, last_error = $error, updated_at = $now
            WHERE id = $id AND state = 'pending'
            """,
            ids.Select(id => new (string, object?)[] { ("$id", id), ("$error", error) }));
    }

    private int Update(string sql, IEnumerable<(string Name, object? Value)[]> rows)
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteTransaction tx = _connection.BeginTransaction(deferred: false);
            using SqliteCommand command = Command(sql);
            command.Transaction = tx;
            int changed = 0;
            foreach ((string Name, object? Value)[] row in rows)
            {
                Bind(command, [.. row, ("$now", now)]);
                changed += command.ExecuteNonQuery();
            }

            tx.Commit();
            return changed;
        }
    }

    private static StoredWinner ReadWinner(SqliteDataReader r)
    {
        var ticket = new Ticket
        {
            Recipient = new EthAddress(Blob(r, 3)),
            Commit = Blob(r, 4),
            Issued = FromDb(r.GetInt64(5)),
            Nonce = FromDb(r.GetInt64(2)),
            FaceValue = BigInteger.Parse(r.GetString(6), NumberStyles.None, CultureInfo.InvariantCulture),
            WinProb = FromDb(r.GetInt64(7)),
            Expiry = FromDb(r.GetInt64(8)),
            Token = new EthAddress(Blob(r, 9)),
            Funder = new EthAddress(Blob(r, 10)),
            Data = BigInteger.Parse(r.GetString(11), NumberStyles.None, CultureInfo.InvariantCulture),
        };
        return new StoredWinner(
            Id: r.GetInt64(0),
            Ticket: new SignedTicket(ticket, new EthAddress(Blob(r, 1)), Blob(r, 12)),
            Reveal: Blob(r, 13),
            State: ParseState(r.GetString(14)),
            TransactionHash: r.IsDBNull(15) ? null : r.GetString(15),
            Attempts: r.GetInt32(16),
            LastError: r.IsDBNull(17) ? null : r.GetString(17),
            QueuedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(18)),
            UpdatedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(19)));
    }

    private static byte[] Blob(SqliteDataReader reader, int ordinal) => (byte[])reader.GetValue(ordinal);

    private static string StateName(WinnerState state) => state switch
    {
        WinnerState.Pending => "pending",
        WinnerState.Claimed => "claimed",
        WinnerState.Skipped => "skipped",
        WinnerState.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a winner state"),
    };

    private static WinnerState ParseState(string name) => name switch
    {
        "pending" => WinnerState.Pending,
        "claimed" => WinnerState.Claimed,
        "skipped" => WinnerState.Skipped,
        "expired" => WinnerState.Expired,
        // The CHECK constraint admits nothing else; another value means the file was edited or damaged.
        _ => throw new TicketStoreException($"the provider database holds an unknown winner state '{name}'"),
    };
}
