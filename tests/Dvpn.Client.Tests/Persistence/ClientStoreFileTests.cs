using System.Runtime.Versioning;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;
using Microsoft.Data.Sqlite;

namespace Dvpn.Client.Tests.Persistence;

public sealed class ClientStoreFileTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;

    private readonly LedgerFixture _ledger = new();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Open_NewFile_IsCreatedOwnerOnlyInAnOwnerOnlyDirectoryWithItsWriteAheadLog()
    {
        ClientStore store = _ledger.Open();
        TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(5), LedgerFixture.NoCaps));

        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.GetDirectoryName(_ledger.DbPath)!));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_ledger.DbPath));
        Assert.True(File.Exists(_ledger.DbPath + "-wal"));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_ledger.DbPath + "-wal"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Open_ExistingWorldReadableFile_IsNarrowedToOwnerOnly()
    {
        _ledger.Open().Dispose();
        File.SetUnixFileMode(_ledger.DbPath, (UnixFileMode)0b110_100_100); // 0644

        _ledger.Open();

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_ledger.DbPath));
    }

    [Fact]
    public void Open_NewFile_UsesWriteAheadLoggingAndTheCurrentSchemaVersion()
    {
        _ledger.Open().Dispose();

        using SqliteConnection raw = OpenRaw(_ledger.DbPath);
        Assert.Equal("wal", Scalar(raw, "PRAGMA journal_mode"));
        Assert.Equal((long)ClientStore.SchemaVersion, Scalar(raw, "PRAGMA user_version"));
        Assert.Equal((long)ClientStore.ApplicationId, Scalar(raw, "PRAGMA application_id"));
    }

    [Fact]
    public void Open_Connection_FsyncsEveryCommit()
    {
        Assert.Equal(2, _ledger.Open().SynchronousLevel); // FULL
    }

    [Fact]
    public void Open_GarbageFile_FailsNamingThePathAndLeavesTheFileAlone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ledger.DbPath)!);
        byte[] garbage = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))];
        File.WriteAllBytes(_ledger.DbPath, garbage);

        ClientStoreException e = Assert.Throws<ClientStoreException>(() => _ledger.Open());

        Assert.Contains(_ledger.DbPath, e.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(_ledger.DbPath));
    }

    [Fact]
    public void Open_AnotherProgramsDatabase_IsRefusedAndNotConverted()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ledger.DbPath)!);
        using (SqliteConnection raw = OpenRaw(_ledger.DbPath, create: true))
        {
            Execute(raw, "CREATE TABLE notes (text TEXT)");
        }

        ClientStoreException e = Assert.Throws<ClientStoreException>(() => _ledger.Open());

        Assert.Contains(_ledger.DbPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("another program", e.Message, StringComparison.Ordinal);
        using SqliteConnection check = OpenRaw(_ledger.DbPath);
        Assert.Equal("delete", Scalar(check, "PRAGMA journal_mode"));
    }

    [Fact]
    public void Open_NewerSchemaVersion_IsRefused()
    {
        _ledger.Open().Dispose();
        using (SqliteConnection raw = OpenRaw(_ledger.DbPath))
        {
            Execute(raw, $"PRAGMA user_version = {ClientStore.SchemaVersion + 1}");
        }

        ClientStoreException e = Assert.Throws<ClientStoreException>(() => _ledger.Open());

        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
        Assert.Contains(_ledger.DbPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OurApplicationIdWithoutSchemaVersion_IsRefused()
    {
        _ledger.Open().Dispose();
        using (SqliteConnection raw = OpenRaw(_ledger.DbPath))
        {
            Execute(raw, "PRAGMA user_version = 0");
        }

        ClientStoreException e = Assert.Throws<ClientStoreException>(() => _ledger.Open());

        Assert.Contains("no schema version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_EmptyExistingFile_BecomesALedger()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ledger.DbPath)!);
        File.WriteAllBytes(_ledger.DbPath, []);

        ClientStore store = _ledger.Open();

        TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.NoCaps));
    }

    [Fact]
    public void Reopen_AfterDispose_KeepsEverything()
    {
        ulong nonce;
        using (ClientStore store = ClientStore.Open(_ledger.DbPath, _ledger.Time))
        {
            nonce = TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(7), LedgerFixture.NoCaps)).Nonce;
        }

        ClientStore reopened = _ledger.Open();

        Assert.Equal(nonce, reopened.GetLastNonce(LedgerFixture.Signer));
        Assert.Equal(7, reopened.GetSpendSummary(LedgerFixture.NoCaps, LedgerFixture.Session).AllTime);
    }

    [Fact]
    public void Authorize_ThenTheProcessDiesWithoutClosing_EveryAuthorizedTicketIsInTheFiles()
    {
        // A process killed with SIGKILL leaves exactly what it had handed to the OS: SQLite keeps no committed data
        // in user space, so a copy of the files taken while the store is still open (never disposed, no checkpoint)
        // is the state a kill at this moment leaves behind. Opening the copy runs SQLite's WAL recovery.
        ClientStore store = _ledger.Open();
        var nonces = new List<ulong>();
        for (int i = 0; i < 20; i++)
        {
            nonces.Add(TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(3), LedgerFixture.NoCaps)).Nonce);
        }

        string crashDir = Path.Combine(_ledger.Directory, "after-crash");
        Directory.CreateDirectory(crashDir);
        string copy = Path.Combine(crashDir, "client.db");
        File.Copy(_ledger.DbPath, copy);
        File.Copy(_ledger.DbPath + "-wal", copy + "-wal");

        ClientStore recovered = _ledger.Open(copy);

        Assert.Equal(nonces[^1], recovered.GetLastNonce(LedgerFixture.Signer));
        SpendSummary summary = recovered.GetSpendSummary(LedgerFixture.NoCaps, LedgerFixture.Session);
        Assert.Equal(20, summary.TicketsSigned);
        Assert.Equal(60, summary.AllTime);
        Assert.Equal(60, summary.CurrentSession);
    }

    [Fact]
    public void SecondConnection_WhileTheFirstIsStillOpen_SeesEveryCommittedTicket()
    {
        ClientStore first = _ledger.Open();
        ulong nonce = TestDecisions.Authorized(first.AuthorizeTicket(LedgerFixture.Spend(9), LedgerFixture.NoCaps)).Nonce;

        ClientStore second = _ledger.Open();

        Assert.Equal(nonce, second.GetLastNonce(LedgerFixture.Signer));
        Assert.Equal(9, second.GetSpendSummary(LedgerFixture.NoCaps, null).Today);
    }

    [Fact]
    public void Dispose_Twice_IsHarmlessAndLaterCallsThrowObjectDisposed()
    {
        ClientStore store = _ledger.Open();
        store.Dispose();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.GetLastNonce(LedgerFixture.Signer));
        Assert.Throws<ObjectDisposedException>(() => store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.NoCaps));
    }

    private static SqliteConnection OpenRaw(string path, bool create = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
