using Microsoft.Data.Sqlite;

namespace Dvpn.Provider.Claims;

internal sealed partial class TicketStore
{
    /// <summary>The schema version this build writes (<c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>Marks the file as a dvpn-provider database (<c>PRAGMA application_id</c>, "DVPN").</summary>
    public const int ApplicationId = 0x4456504E;

    private const string CreateSchema = """
        CREATE TABLE replay (
            signer     BLOB    NOT NULL PRIMARY KEY CHECK (length(signer) = 20),
            last_nonce INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE winners (
            id          INTEGER NOT NULL PRIMARY KEY,
            signer      BLOB    NOT NULL CHECK (length(signer) = 20),
            nonce       INTEGER NOT NULL,
            recipient   BLOB    NOT NULL CHECK (length(recipient) = 20),
            commit_hash BLOB    NOT NULL CHECK (length(commit_hash) = 32),
            issued      INTEGER NOT NULL,
            face_value  TEXT    NOT NULL,
            win_prob    INTEGER NOT NULL,
            expiry      INTEGER NOT NULL,
            token       BLOB    NOT NULL CHECK (length(token) = 20),
            funder      BLOB    NOT NULL CHECK (length(funder) = 20),
            data        TEXT    NOT NULL,
            signature   BLOB    NOT NULL CHECK (length(signature) = 65),
            reveal      BLOB    NOT NULL CHECK (length(reveal) = 32),
            state       TEXT    NOT NULL CHECK (state IN ('pending', 'claimed', 'skipped', 'expired')),
            tx_hash     TEXT,
            attempts    INTEGER NOT NULL DEFAULT 0,
            last_error  TEXT,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            UNIQUE (signer, nonce)
        );

        CREATE INDEX winners_by_state_expiry ON winners (state, expiry);
        """;

    /// <summary>
    /// Sets the connection's durability (WAL, fsync on every commit) and creates or checks the schema. A file that
    /// is not SQLite fails here with SQLITE_NOTADB; a SQLite file of another program or a newer schema is refused.
    /// </summary>
    private static void InitializeSchema(SqliteConnection connection, string path)
    {
        // journal_mode answers with the mode in force, which is the first read of the file: garbage fails here.
        string mode = Scalar<string>(connection, "PRAGMA journal_mode = WAL");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new TicketStoreException($"the provider database '{path}' cannot use write-ahead logging (journal mode {mode}); " +
                "put Provider:DataDirectory on a local file system.");
        }

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
            return;
        }

        if (applicationId != ApplicationId)
        {
            throw new TicketStoreException($"'{path}' is a SQLite database of another program (application id {applicationId}), " +
                "not a dvpn-provider database. Point Provider:DataDirectory at the provider's own directory.");
        }

        if (version > SchemaVersion)
        {
            throw new TicketStoreException($"the provider database '{path}' has schema version {version}, written by a newer " +
                $"dvpn-provider; this build knows versions up to {SchemaVersion}. Run the newer provider (a downgrade " +
                "could lose queued winning tickets).");
        }

        if (version < 1)
        {
            throw new TicketStoreException($"the provider database '{path}' has no schema version; it was not written by " +
                "dvpn-provider or was damaged. Restore it from a backup.");
        }

        // Version 1 is the first schema: no migrations yet.
        tx.Commit();
    }

    private static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        object? value = command.ExecuteScalar();
        return value is T typed ? typed : throw new TicketStoreException($"unexpected answer to '{sql}': {value ?? "nothing"}");
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
    }
}
