using Dvpn.Client.Stats;
using Microsoft.Data.Sqlite;

namespace Dvpn.Client.Persistence;

internal sealed partial class ClientStore
{
    /// <summary>
    /// Records a session that opened. A session id already in the history is left as it is (the first record
    /// wins; a provider reusing an id is logged).
    /// </summary>
    public void RecordSessionStart(SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(session.SessionId, nameof(session));
        ArgumentException.ThrowIfNullOrEmpty(session.Provider, nameof(session));
        int inserted = Write("""
            INSERT INTO sessions (session_id, provider, price_per_gib, started, ended, bytes_sent, bytes_received, end_reason)
            VALUES ($id, $provider, $price, $started, $ended, $sent, $received, $reason)
            ON CONFLICT (session_id) DO NOTHING
            """,
            ("$id", Key(session.SessionId)), ("$provider", Key(session.Provider)), ("$price", AmountToDb(session.PricePerGiB)),
            ("$started", ToDb(session.Started)), ("$ended", session.Ended is { } ended ? ToDb(ended) : null),
            ("$sent", ToDb(session.BytesSent)), ("$received", ToDb(session.BytesReceived)), ("$reason", session.EndReason));
        if (inserted == 0)
        {
            Log.SessionAlreadyRecorded(_logger, session.SessionId);
        }
    }

    /// <summary>Updates a running session's byte counts (cumulative). Ignored for an unknown or ended session.</summary>
    public void RecordSessionProgress(string sessionId, ulong bytesSent, ulong bytesReceived)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        int updated = Write("""
            UPDATE sessions SET bytes_sent = $sent, bytes_received = $received
            WHERE session_id = $id AND ended IS NULL
            """,
            ("$id", Key(sessionId)), ("$sent", ToDb(bytesSent)), ("$received", ToDb(bytesReceived)));
        if (updated == 0)
        {
            Log.SessionNotRunning(_logger, sessionId, "progress");
        }
    }

    /// <summary>Records the end of a session with its final byte counts. Only the first end counts.</summary>
    public void RecordSessionEnd(string sessionId, DateTimeOffset ended, string reason, ulong bytesSent, ulong bytesReceived)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(reason);
        int updated = Write("""
            UPDATE sessions SET ended = $ended, end_reason = $reason, bytes_sent = $sent, bytes_received = $received
            WHERE session_id = $id AND ended IS NULL
            """,
            ("$id", Key(sessionId)), ("$ended", ToDb(ended)), ("$reason", reason),
            ("$sent", ToDb(bytesSent)), ("$received", ToDb(bytesReceived)));
        if (updated == 0)
        {
            Log.SessionNotRunning(_logger, sessionId, "end");
        }
    }

    /// <summary>
    /// The last <paramref name="limit"/> sessions, newest first. Spent and TicketsSent are the session's totals of
    /// ticket rows (kept in the same transaction as the rows themselves).
    /// </summary>
    public IReadOnlyList<SessionRecord> GetHistory(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_lock)
        {
            ThrowIfDisposed();
            using SqliteCommand command = Command("""
                SELECT s.session_id, s.provider, s.price_per_gib, s.started, s.ended, s.bytes_sent, s.bytes_received,
                       s.end_reason, t.spent, t.tickets
                FROM sessions s LEFT JOIN spend_totals t ON t.period = $sessionPrefix || s.session_id
                ORDER BY s.started DESC, s.id DESC
                LIMIT $limit
                """);
            Bind(command, ("$limit", limit), ("$sessionPrefix", SpendPeriods.Session("")));
            using SqliteDataReader r = command.ExecuteReader();
            var history = new List<SessionRecord>();
            while (r.Read())
            {
                string id = r.GetString(0);
                history.Add(new SessionRecord(
                    SessionId: id,
                    Provider: r.GetString(1),
                    PricePerGiB: AmountFromDb(r.GetString(2), "the price of session " + id),
                    Started: TimeFromDb(r.GetInt64(3)),
                    Ended: r.IsDBNull(4) ? null : TimeFromDb(r.GetInt64(4)),
                    BytesSent: FromDb(r.GetInt64(5)),
                    BytesReceived: FromDb(r.GetInt64(6)),
                    Spent: r.IsDBNull(8) ? 0 : AmountFromDb(r.GetString(8), "the spend of session " + id),
                    TicketsSent: r.IsDBNull(9) ? 0 : r.GetInt64(9),
                    EndReason: r.IsDBNull(7) ? null : r.GetString(7)));
            }

            return history;
        }
    }

    /// <summary>Runs one write statement in its own (fsynced) transaction; returns the rows changed.</summary>
    private int Write(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            using SqliteTransaction tx = _connection.BeginTransaction(deferred: false);
            using SqliteCommand command = Command(sql);
            command.Transaction = tx;
            Bind(command, parameters);
            int changed = command.ExecuteNonQuery();
            tx.Commit();
            return changed;
        }
    }
}
