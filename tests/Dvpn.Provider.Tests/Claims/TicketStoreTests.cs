using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Provider.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Provider.Tests.Claims;

public sealed class TicketStoreTests : IDisposable
{
    private const ulong Expiry = 1_800_000_000;
    private static readonly byte[] NoWin = [];

    private readonly TempDirectory _dir = new();
    private readonly WinnerSource _source = WinnerSource.Offline();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));

    private string DbPath => _dir.File("provider.db");

    public void Dispose()
    {
        _source.Dispose();
        _dir.Dispose();
    }

    private TicketStore Open() => TicketStore.Open(DbPath, _time);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Open_NewFile_IsCreatedOwnerOnlyWithItsWriteAheadLog()
    {
        using TicketStore store = Open();
        Assert.True(store.TryRecord(_source.Next(100, Expiry), _source.Reveal));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
        Assert.True(File.Exists(DbPath + "-wal"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath + "-wal"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Open_ExistingWorldReadableFile_IsNarrowedToOwnerOnly()
    {
        using (Open())
        {
        }

        File.SetUnixFileMode(DbPath, (UnixFileMode)0b110_100_100); // 0644

        using TicketStore store = Open();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
    }

    [Fact]
    public void Open_NewFile_UsesWriteAheadLoggingAndTheCurrentSchemaVersion()
    {
        using (Open())
        {
        }

        using SqliteConnection raw = OpenRaw();
        Assert.Equal("wal", Scalar<string>(raw, "PRAGMA journal_mode"));
        Assert.Equal(TicketStore.SchemaVersion, Scalar<long>(raw, "PRAGMA user_version"));
        Assert.Equal(TicketStore.ApplicationId, Scalar<long>(raw, "PRAGMA application_id"));
    }

    [Fact]
    public void TryRecord_RisingNonces_AdvanceTheLastNonce()
    {
        using TicketStore store = Open();
        Assert.Equal(0UL, store.GetLastNonce(_source.Address));

        Assert.True(store.TryRecord(_source.Next(100, Expiry, nonce: 3), NoWin));
        Assert.True(store.TryRecord(_source.Next(100, Expiry, nonce: 10), NoWin));

        Assert.Equal(10UL, store.GetLastNonce(_source.Address));
    }

    [Theory]
    [InlineData(10UL)]
    [InlineData(9UL)]
    [InlineData(1UL)]
    public void TryRecord_NonceNotAboveTheLast_IsRefusedAndWritesNothing(ulong replayed)
    {
        using TicketStore store = Open();
        Assert.True(store.TryRecord(_source.Next(100, Expiry, nonce: 10), NoWin));

        Assert.False(store.TryRecord(_source.Next(100, Expiry, nonce: replayed), _source.Reveal));

        Assert.Equal(10UL, store.GetLastNonce(_source.Address));
        Assert.Equal(0, store.GetCounts().Pending);
    }

    [Fact]
    public void TryRecord_NonceAbove2To63_StillOrdersAsUnsigned()
    {
        using TicketStore store = Open();
        Assert.True(store.TryRecord(_source.Next(100, Expiry, nonce: (1UL << 63) + 5), NoWin));

        Assert.False(store.TryRecord(_source.Next(100, Expiry, nonce: 7), NoWin));
        Assert.True(store.TryRecord(_source.Next(100, Expiry, nonce: ulong.MaxValue), NoWin));
        Assert.Equal(ulong.MaxValue, store.GetLastNonce(_source.Address));
    }

    [Fact]
    public void TryRecord_Winner_IsQueuedOnceWithEveryFieldAndItsReveal()
    {
        using TicketStore store = Open();
        SignedTicket ticket = _source.Next(123_456_789, Expiry);

        Assert.True(store.TryRecord(ticket, _source.Reveal));
        Assert.False(store.TryRecord(ticket, _source.Reveal));

        StoredWinner winner = Assert.Single(store.GetPendingWinners());
        Assert.Equal(ticket.Ticket, winner.Ticket.Ticket);
        Assert.Equal(ticket.Signer, winner.Signer);
        Assert.Equal(ticket.Signature.ToArray(), winner.Ticket.Signature.ToArray());
        Assert.Equal(_source.Reveal, winner.Reveal.ToArray());
        Assert.Equal(WinnerState.Pending, winner.State);
        Assert.Equal(0, winner.Attempts);
        Assert.Null(winner.TransactionHash);
        Assert.Equal(_time.GetUtcNow(), winner.QueuedAt);
    }

    [Fact]
    public void TryRecord_Loser_AdvancesTheNonceWithoutQueueing()
    {
        using TicketStore store = Open();

        Assert.True(store.TryRecord(_source.Next(100, Expiry), NoWin));

        Assert.Equal(1UL, store.GetLastNonce(_source.Address));
        Assert.Empty(store.GetPendingWinners());
    }

    [Fact]
    public void TryRecord_RevealOfWrongSize_Throws()
    {
        using TicketStore store = Open();

        Assert.Throws<ArgumentException>(() => store.TryRecord(_source.Next(100, Expiry), new byte[31]));
        Assert.Equal(0UL, store.GetLastNonce(_source.Address));
    }

    [Fact]
    public void TryRecord_SameNonceFromTwoSigners_QueuesBoth()
    {
        using WinnerSource other = WinnerSource.Offline();
        using TicketStore store = Open();

        Assert.True(store.TryRecord(_source.Next(100, Expiry, nonce: 4), _source.Reveal));
        Assert.True(store.TryRecord(other.Next(100, Expiry, nonce: 4), other.Reveal));

        Assert.Equal(2, store.GetPendingWinners().Count);
    }

    [Fact]
    public void Winners_SecondRowWithTheSameSignerAndNonce_IsRejectedByTheSchema()
    {
        using (TicketStore store = Open())
        {
            Assert.True(store.TryRecord(_source.Next(100, Expiry, nonce: 4), _source.Reveal));
        }

        using SqliteConnection raw = OpenRaw();
        var e = Assert.Throws<SqliteException>(() => Execute(raw,
            "INSERT INTO winners (signer, nonce, recipient, commit_hash, issued, face_value, win_prob, expiry, token, funder, data, " +
            "signature, reveal, state, created_at, updated_at) SELECT signer, nonce, recipient, commit_hash, issued, face_value, " +
            "win_prob, expiry, token, funder, data, signature, reveal, 'pending', 0, 0 FROM winners"));
        Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    [Fact]
    public void TryRecord_ConcurrentCallersWithOneTicket_AcceptItExactlyOnce()
    {
        using TicketStore store = Open();
        SignedTicket ticket = _source.Next(100, Expiry);
        int accepted = 0;

        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (store.TryRecord(ticket, _source.Reveal))
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(1, accepted);
        Assert.Single(store.GetPendingWinners());
    }

    [Fact]
    public void Reopen_KeepsTheReplayStateAndTheQueue()
    {
        SignedTicket winner = _source.Next(500, Expiry, nonce: 7);
        using (TicketStore store = Open())
        {
            Assert.True(store.TryRecord(winner, _source.Reveal));
            Assert.True(store.TryRecord(_source.Next(1, Expiry, nonce: 8), NoWin));
        }

        using TicketStore reopened = Open();
        Assert.Equal(8UL, reopened.GetLastNonce(_source.Address));
        Assert.False(reopened.TryRecord(_source.Next(1, Expiry, nonce: 8), NoWin));
        Assert.Equal(winner.Ticket, Assert.Single(reopened.GetPendingWinners()).Ticket.Ticket);
    }

    [Fact]
    public void Open_GarbageFile_ThrowsAClearErrorNamingTheFile()
    {
        File.WriteAllBytes(DbPath, RandomNumberGenerator.GetBytes(8192));

        var e = Assert.Throws<TicketStoreException>(Open);

        Assert.Contains(DbPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be opened", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SqliteDatabaseOfAnotherProgram_IsRefused()
    {
        using (var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            raw.Open();
            Execute(raw, "CREATE TABLE notes (text TEXT)");
        }

        var e = Assert.Throws<TicketStoreException>(Open);

        Assert.Contains("another program", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SchemaFromANewerVersion_IsRefusedWithTheVersions()
    {
        using (Open())
        {
        }

        using (SqliteConnection raw = OpenRaw())
        {
            Execute(raw, $"PRAGMA user_version = {TicketStore.SchemaVersion + 1}");
        }

        var e = Assert.Throws<TicketStoreException>(Open);

        Assert.Contains($"schema version {TicketStore.SchemaVersion + 1}", e.Message, StringComparison.Ordinal);
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetPendingWinners_OrdersBySoonestExpiry_WithExpiriesAbove2To63Last()
    {
        using TicketStore store = Open();
        store.TryRecord(_source.Next(1, ulong.MaxValue), _source.Reveal);
        store.TryRecord(_source.Next(2, Expiry + 50), _source.Reveal);
        store.TryRecord(_source.Next(3, (1UL << 63) + 1), _source.Reveal);
        store.TryRecord(_source.Next(4, Expiry), _source.Reveal);

        ulong[] order = [.. store.GetPendingWinners().Select(w => w.Expiry)];

        Assert.Equal([Expiry, Expiry + 50, (1UL << 63) + 1, ulong.MaxValue], order);
    }

    [Fact]
    public void Resolve_SettlesOnceAndCountsEachState()
    {
        using TicketStore store = Open();
        for (int i = 0; i < 5; i++)
        {
            store.TryRecord(_source.Next(100, Expiry), _source.Reveal);
        }

        long[] ids = [.. store.GetPendingWinners().Select(w => w.Id)];
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(2, store.MarkClaimed([ids[0], ids[1]], "0xabc"));
        Assert.True(store.MarkSkipped(ids[2], "0xabc", "BadSignature"));
        Assert.True(store.MarkExpired(ids[3], null, "too late"));
        Assert.False(store.MarkExpired(ids[0], null, "a settled winner never changes again"));

        Assert.Equal(new WinnerCounts(Pending: 1, Claimed: 2, Skipped: 1, Expired: 1), store.GetCounts());
        StoredWinner claimed = store.GetWinners(WinnerState.Claimed).First(w => w.Id == ids[0]);
        Assert.Equal("0xabc", claimed.TransactionHash);
        Assert.Equal(1, claimed.Attempts);
        Assert.Equal(_time.GetUtcNow(), claimed.UpdatedAt);
        Assert.Equal("BadSignature", Assert.Single(store.GetWinners(WinnerState.Skipped)).LastError);
    }

    [Fact]
    public void RecordFailure_CountsTheAttemptAndKeepsTheWinnerPending()
    {
        using TicketStore store = Open();
        store.TryRecord(_source.Next(100, Expiry), _source.Reveal);
        long id = Assert.Single(store.GetPendingWinners()).Id;

        store.RecordFailure([id], "node down");
        store.RecordFailure([id], "node still down");

        StoredWinner w = Assert.Single(store.GetPendingWinners());
        Assert.Equal(2, w.Attempts);
        Assert.Equal("node still down", w.LastError);
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        TicketStore store = Open();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.GetLastNonce(_source.Address));
        Assert.Throws<ObjectDisposedException>(() => store.TryRecord(_source.Next(1, Expiry), NoWin));
    }

    private SqliteConnection OpenRaw()
    {
        var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        raw.Open();
        return raw;
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using SqliteCommand c = connection.CreateCommand();
        c.CommandText = sql;
        return (T)c.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand c = connection.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }
}
