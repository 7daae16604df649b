using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Microsoft.Data.Sqlite;

namespace Dvpn.Provider.Claims;

/// <summary>
/// The provider's money state on disk (SQLite, one file, 0600): the highest ticket nonce accepted per signer, and
/// the queue of winning tickets with their reveals until they are claimed. Every write is committed before the
/// method returns, so a ticket is acknowledged only once a crash of the provider cannot lose it. Thread-safe.
/// </summary>
/// <remarks>
/// Two levels of durability (docs/protocol.md §3.6). A winning ticket is money: its transaction is fsynced
/// (synchronous=FULL), so it survives a power cut too, and carries every earlier commit with it. A losing ticket only
/// advances the signer's nonce: its commit is in the WAL (synchronous=NORMAL), which survives the provider being
/// killed but not the machine losing power; losing such an advance is harmless, because after a restart every
/// session has a fresh commit, so an old losing ticket is refused as stale, and the nonce on disk is never below
/// a queued winner's. fsync costs milliseconds here (bench: ProviderTicketStoreBenchmarks), so syncing every
/// ticket would cap a provider at a few hundred tickets a second.
/// One connection guarded by a lock: a pool would only add writers that queue on SQLite's own lock. 64-bit unsigned ticket fields are stored as
/// the signed INTEGER with the same bits; SQL never compares them except for the expiry order, which accounts for it.
/// </remarks>
internal sealed partial class TicketStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly SqliteCommand _selectNonce;
    private readonly SqliteCommand _upsertNonce;
    private readonly SqliteCommand _insertWinner;
    private readonly SqliteCommand _syncFull;
    private readonly SqliteCommand _syncNormal;
    private bool _synced = true;
    private bool _disposed;

    private TicketStore(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
        _selectNonce = Command("SELECT last_nonce FROM replay WHERE signer = $signer");
        _upsertNonce = Command("""
            INSERT INTO replay (signer, last_nonce, updated_at) VALUES ($signer, $nonce, $now)
            ON CONFLICT (signer) DO UPDATE SET last_nonce = excluded.last_nonce, updated_at = excluded.updated_at
            """);
        _insertWinner = Command("""
            INSERT INTO winners (signer, nonce, recipient, commit_hash, issued, face_value, win_prob, expiry, token,
                                 funder, data, signature, reveal, state, attempts, created_at, updated_at)
            VALUES ($signer, $nonce, $recipient, $commit, $issued, $face, $winProb, $expiry, $token,
                    $funder, $data, $signature, $reveal, 'pending', 0, $now, $now)
            """);
        _syncFull = Command("PRAGMA synchronous = FULL");
        _syncNormal = Command("PRAGMA synchronous = NORMAL");
    }

    /// <summary>The file the store lives in.</summary>
    public string Path { get; private init; } = "";

    /// <summary>Opens (creating, 0600) the database at <paramref name="path"/>.</summary>
    /// <exception cref="TicketStoreException">The file is not a usable provider database (see the message).</exception>
    public static TicketStore Open(string path) => Open(path, TimeProvider.System);

    /// <summary>Opens (creating, 0600) the database at <paramref name="path"/>, stamping rows with <paramref name="timeProvider"/>.</summary>
    /// <exception cref="TicketStoreException">The file is not a usable provider database (see the message).</exception>
    public static TicketStore Open(string path, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
        string fullPath = System.IO.Path.GetFullPath(path);
        CreateOwnerOnly(fullPath);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWrite,
            // A closed store must release the file at once (a restart, a test reopening it): no pool keeps it.
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            InitializeSchema(connection, fullPath);
            return new TicketStore(connection, timeProvider) { Path = fullPath };
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new TicketStoreException(
                $"the provider database '{fullPath}' cannot be opened: {e.Message} (SQLite error {e.SqliteErrorCode}). " +
                "If the file is damaged, stop the provider and restore it from a backup; moving it aside loses the " +
                "queued winning tickets and the replay state.", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The highest nonce recorded for <paramref name="signer"/>, 0 when none.</summary>
    public ulong GetLastNonce(EthAddress signer)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _selectNonce.Transaction = null;
            return ReadLastNonce(signer.ToArray());
        }
    }

    /// <summary>
    /// Records an accepted ticket: advances the signer's last nonce and, when <paramref name="winningReveal"/> is not
    /// empty (the ticket won with that reveal), queues it for claiming, in one transaction. False, writing nothing,
    /// when the nonce is not above the recorded one (a replay).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="winningReveal"/> is neither empty nor 32 bytes.</exception>
    public bool TryRecord(SignedTicket ticket, ReadOnlySpan<byte> winningReveal)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!winningReveal.IsEmpty && winningReveal.Length != TicketLottery.RevealSize)
        {
            throw new ArgumentException($"a reveal is {TicketLottery.RevealSize} bytes (or empty for a losing ticket)",
                nameof(winningReveal));
        }

        byte[] signer = ticket.Signer.ToArray();
        Ticket t = ticket.Ticket;
        byte[]? reveal = winningReveal.IsEmpty ? null : winningReveal.ToArray();
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SetSynced(reveal is not null);

            // IMMEDIATE: the write lock is taken before the read, so the check and the update cannot interleave
            // with another writer (another process on the same file included).
            using SqliteTransaction tx = _connection.BeginTransaction(deferred: false);
            _selectNonce.Transaction = tx;
            if (t.Nonce <= ReadLastNonce(signer))
            {
                return false; // disposing rolls back
            }

            _upsertNonce.Transaction = tx;
            Bind(_upsertNonce, ("$signer", signer), ("$nonce", ToDb(t.Nonce)), ("$now", now));
            _upsertNonce.ExecuteNonQuery();

            if (reveal is not null)
            {
                _insertWinner.Transaction = tx;
                Bind(_insertWinner,
                    ("$signer", signer), ("$nonce", ToDb(t.Nonce)), ("$recipient", t.Recipient.ToArray()),
                    ("$commit", t.Commit.ToArray()), ("$issued", ToDb(t.Issued)), ("$face", t.FaceValue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("$winProb", ToDb(t.WinProb)), ("$expiry", ToDb(t.Expiry)), ("$token", t.Token.ToArray()),
                    ("$funder", t.Funder.ToArray()), ("$data", t.Data.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("$signature", ticket.Signature.ToArray()), ("$reveal", reveal), ("$now", now));
                _insertWinner.ExecuteNonQuery();
            }

            tx.Commit();
            return true;
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _selectNonce.Dispose();
            _upsertNonce.Dispose();
            _insertWinner.Dispose();
            _syncFull.Dispose();
            _syncNormal.Dispose();
            _connection.Dispose();
        }
    }

    // The level applies to the next commit; it cannot change inside a transaction, so it is set before one begins.
    private void SetSynced(bool synced)
    {
        if (_synced != synced)
        {
            (synced ? _syncFull : _syncNormal).ExecuteNonQuery();
            _synced = synced;
        }
    }

    private ulong ReadLastNonce(byte[] signer)
    {
        Bind(_selectNonce, ("$signer", signer));
        return _selectNonce.ExecuteScalar() is long last ? unchecked((ulong)last) : 0;
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Bind(SqliteCommand command, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        command.Parameters.Clear();
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    // u64 <-> INTEGER by bits (SQLite integers are signed 64-bit).
    private static long ToDb(ulong value) => unchecked((long)value);

    private static ulong FromDb(long value) => unchecked((ulong)value);

    /// <summary>
    /// Creates the file owner-only before SQLite sees it: SQLite would create it with the umask's mode, and its WAL
    /// and shared-memory files copy the database file's mode. An existing file is narrowed to 0600 as well.
    /// </summary>
    private static void CreateOwnerOnly(string fullPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            SecureFile.EnsureOwnerOnly(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TicketStoreException($"cannot create the provider database '{fullPath}': {e.Message}. " +
                "Check that Provider:DataDirectory exists and is writable by the provider's user.", e);
        }
    }
}
