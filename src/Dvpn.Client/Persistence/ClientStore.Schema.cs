using Microsoft.Data.Sqlite;

namespace Dvpn.Client.Persistence;

internal sealed partial class ClientStore
{
    /// <summary>The schema version this build writes (<c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>Marks the file as a DvpnClient ledger (<c>PRAGMA application_id</c>, "DVPC").</summary>
    public const int ApplicationId = 0x44565043;

    // Amounts are uint256: stored as decimal TEXT and added up in C# (SQLite's sum() would go through a double).
    // spend_totals keeps a running total per period, updated in the same transaction as the ticket row, so a cap is
    // checked by reading three rows rather than summing a month of tickets. u64 values (nonce, win_prob, bytes) are
    // stored as the signed INTEGER with the same bits; SQL never compares them.
    private const string CreateSchema = """
        CREATE TABLE tickets (
            id             INTEGER NOT NULL PRIMARY KEY,
            session_id     TEXT    NOT NULL,
            provider       TEXT    NOT NULL,
            signer         TEXT    NOT NULL,
            nonce          INTEGER NOT NULL,
            expected_value TEXT    NOT NULL,
            face_value     TEXT    NOT NULL,
            win_prob       INTEGER NOT NULL,
            at             INTEGER NOT NULL,
            UNIQUE (signer, nonce)
        );

        CREATE INDEX tickets_by_session ON tickets (session_id);

        CREATE TABLE spend_totals (
            period  TEXT    NOT NULL PRIMARY KEY,
            spent   TEXT    NOT NULL,
            tickets INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE nonces (
            signer     TEXT    NOT NULL PRIMARY KEY,
            last_nonce INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE sessions (
            id             INTEGER NOT NULL PRIMARY KEY,
            session_id     TEXT    NOT NULL UNIQUE,
            provider       TEXT    NOT NULL,
            price_per_gib  TEXT    NOT NULL,
            started        INTEGER NOT NULL,
            ended          INTEGER,
            bytes_sent     INTEGER NOT NULL,
            bytes_received INTEGER NOT NULL,
            end_reason     TEXT
        );

        CREATE INDEX sessions_by_start ON sessions (started, id);

        CREATE TABLE marks (
            address TEXT    NOT NULL PRIMARY KEY,
            reason  INTEGER NOT NULL,
            detail  TEXT    NOT NULL,
            at      INTEGER NOT NULL,
            until   INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE settings (
            key   TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE policy (
            id             INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            per_session    TEXT,
            per_day        TEXT,
            per_month      TEXT,
            max_price      TEXT,
            action         INTEGER NOT NULL,
            warn_at        REAL    NOT NULL
        );
        """;

    /// <summary>
    /// Sets the connection's durability (WAL, fsync on every commit) and creates or checks the schema. A file that
    /// is not SQLite fails here with SQLITE_NOTADB; a SQLite file of another program or a newer schema is refused.
    /// Returns true when the schema was created.
    /// </summary>
    private static bool InitializeSchema(SqliteConnection connection, string path)
    {
        // Read-only first: a file that is not ours is refused before anything (the journal mode) is changed in it.
        // Reading the header is also where a file that is not SQLite at all fails (SQLITE_NOTADB).
        Check(Scalar<long>(connection, "PRAGMA user_version"), Scalar<long>(connection, "PRAGMA application_id"),
            Scalar<long>(connection, "SELECT count(*) FROM sqlite_schema"), path);

        string mode = Scalar<string>(connection, "PRAGMA journal_mode = WAL");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new ClientStoreException($"the client ledger '{path}' cannot use write-ahead logging (journal mode {mode}); " +
                "put the client's DataDirectory on a local file system.");
        }

        // FULL: every commit is fsynced, so a ticket's row and its nonce are on disk before the ticket is signed.
        // Every write of this store is rare except tickets, so one level for all keeps the reasoning simple.
        Execute(connection, "PRAGMA synchronous = FULL");

        using SqliteTransaction tx = connection.BeginTransaction(deferred: false);
        long version = Scalar<long>(connection, "PRAGMA user_version", tx);
        long applicationId = Scalar<long>(connection, "PRAGMA application_id", tx);
        long objects = Scalar<long>(connection, "SELECT count(*) FROM sqlite_schema", tx);

        if (version == 0 && applicationId == 0 && objects == 0)
        {
            Execute(connection, CreateSchema, tx);
            Execute(connection, $"PRAGMA application_id = {ApplicationId}", tx);
            Execute(connection, $"PRAGMA user_version = {SchemaVersion}", tx);
            tx.Commit();
            return true;
        }

        // Checked again under the write lock: another process may have created the file in between.
        Check(version, applicationId, objects, path);

        // Version 1 is the first schema: no migrations yet.
        tx.Commit();
        return false;
    }

    private static void Check(long version, long applicationId, long objects, string path)
    {
        if (version == 0 && applicationId == 0 && objects == 0)
        {
            return; // empty: the schema is created next
        }

        if (applicationId != ApplicationId)
        {
            throw new ClientStoreException($"'{path}' is a SQLite database of another program (application id {applicationId}), " +
                "not a DvpnClient ledger. Point DataDirectory at the client's own directory.");
        }

        if (version > SchemaVersion)
        {
            throw new ClientStoreException($"the client ledger '{path}' has schema version {version}, written by a newer " +
                $"DvpnClient; this build knows versions up to {SchemaVersion}. Run the newer client (a downgrade could " +
                "hand out ticket nonces again).");
        }

        if (version < 1)
        {
            throw new ClientStoreException($"the client ledger '{path}' has no schema version; it was not written by " +
                "DvpnClient or was damaged. Restore it from a backup.");
        }
    }

    private static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        object? value = command.ExecuteScalar();
        return value is T typed ? typed : throw new ClientStoreException($"unexpected answer to '{sql}': {value ?? "nothing"}");
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
    }
}
