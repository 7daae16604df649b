using System.Globalization;
using System.Numerics;
using Dvpn.Chain.Wallet;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Client.Persistence;

/// <summary>
/// The client's state on disk (SQLite, one file, 0600 in a 0700 directory): every ticket signed with its expected
/// value (the spend the caps are checked against), the last nonce handed out per signer, the session history, the
/// providers being avoided, the target state and the spending policy. Every write is committed and fsynced
/// (WAL, synchronous=FULL) before the method returns, so a ticket leaves the client only once a crash cannot lose
/// its spend or its nonce. Thread-safe: one connection behind one lock (the payment stream and the state machine
/// call it concurrently; every call is short).
/// </summary>
/// <remarks>
/// Addresses and session ids are hex and compared case-insensitively: they are stored lower-case. Times are stored
/// as Unix milliseconds (UTC); what is read back has millisecond precision and a zero offset.
/// </remarks>
internal sealed partial class ClientStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private bool _disposed;

    private ClientStore(SqliteConnection connection, TimeProvider time, ILogger logger, string path)
    {
        _connection = connection;
        _time = time;
        _logger = logger;
        Path = path;
        _selectTotal = Command("SELECT spent, tickets FROM spend_totals WHERE period = $period");
        _upsertTotal = Command("""
            INSERT INTO spend_totals (period, spent, tickets) VALUES ($period, $spent, $tickets)
            ON CONFLICT (period) DO UPDATE SET spent = excluded.spent, tickets = excluded.tickets
            """);
        _selectNonce = Command("SELECT last_nonce FROM nonces WHERE signer = $signer");
        _upsertNonce = Command("""
            INSERT INTO nonces (signer, last_nonce, updated_at) VALUES ($signer, $nonce, $now)
            ON CONFLICT (signer) DO UPDATE SET last_nonce = excluded.last_nonce, updated_at = excluded.updated_at
            """);
        _insertTicket = Command("""
            INSERT INTO tickets (session_id, provider, signer, nonce, expected_value, face_value, win_prob, at)
            VALUES ($session, $provider, $signer, $nonce, $ev, $face, $winProb, $at)
            """);
    }

    /// <summary>The file the store lives in (full path).</summary>
    public string Path { get; }

    /// <summary>The connection's <c>PRAGMA synchronous</c> (2 = FULL: every commit waits for the fsync).</summary>
    public long SynchronousLevel
    {
        get
        {
            lock (_lock)
            {
                ThrowIfDisposed();
                return Scalar<long>(_connection, "PRAGMA synchronous");
            }
        }
    }

    /// <summary>Opens (creating, 0600) the ledger at <paramref name="path"/>.</summary>
    /// <exception cref="ClientStoreException">The file is not a usable ledger (see the message, which names it).</exception>
    public static ClientStore Open(string path, TimeProvider time) => Open(path, time, NullLogger.Instance);

    /// <summary>
    /// Opens (creating, 0600) the ledger at <paramref name="path"/>. Its directory is the client's data directory:
    /// it is created 0700 when missing. An existing file that is not a ledger of this client is refused, never
    /// recreated: it holds the nonces already handed out and the spend the caps count.
    /// </summary>
    /// <exception cref="ClientStoreException">The file is not a usable ledger (see the message, which names it).</exception>
    public static ClientStore Open(string path, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
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
            bool created = InitializeSchema(connection, fullPath);
            var store = new ClientStore(connection, time, logger, fullPath);
            Log.Opened(logger, fullPath, SchemaVersion, created);
            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new ClientStoreException(
                $"the client ledger '{fullPath}' cannot be opened: {e.Message} (SQLite error {e.SqliteErrorCode}). " +
                "If the file is damaged, stop the client and restore it from a backup; moving it aside loses the " +
                "spend history the caps count (ticket nonces stay safe: they are floored by the clock).", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Closes the ledger. Everything written is already on disk.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _selectTotal.Dispose();
            _upsertTotal.Dispose();
            _selectNonce.Dispose();
            _upsertNonce.Dispose();
            _insertTicket.Dispose();
            _connection.Dispose();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

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

    // Hex identifiers (addresses, session ids) compare case-insensitively: one spelling on disk.
    private static string Key(string value) => value.ToLowerInvariant();

    // u64 <-> INTEGER by bits (SQLite integers are signed 64-bit).
    private static long ToDb(ulong value) => unchecked((long)value);

    private static ulong FromDb(long value) => unchecked((ulong)value);

    private static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static DateTimeOffset TimeFromDb(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private static string AmountToDb(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private BigInteger AmountFromDb(string text, string what) =>
        BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out BigInteger value)
            ? value
            : throw new ClientStoreException($"the client ledger '{Path}' holds a malformed amount for {what}: the file " +
                "was edited or damaged. Restore it from a backup.");

    /// <summary>
    /// Creates the directory (0700) and the file (0600) before SQLite sees them: SQLite would create the file with
    /// the umask's mode, and its WAL and shared-memory files copy the database file's mode. An existing file is
    /// narrowed to 0600.
    /// </summary>
    private static void CreateOwnerOnly(string fullPath)
    {
        string directory = System.IO.Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{fullPath}' has no directory", nameof(fullPath));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        try
        {
            // Only a directory created here is given its mode: an existing one is the caller's to set.
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            SecureFile.EnsureOwnerOnly(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientStoreException($"cannot create the client ledger '{fullPath}': {e.Message}. " +
                "Check that the client's DataDirectory is writable by the client's user.", e);
        }
    }
}
