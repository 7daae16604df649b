using Dvpn.Client.Persistence;

namespace Dvpn.Client.Tests.Persistence;

public sealed class NonceTests : IDisposable
{
    private readonly LedgerFixture _ledger = new();

    public void Dispose() => _ledger.Dispose();

    private ulong Authorize(ClientStore store, string signer = LedgerFixture.Signer) =>
        TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(1, signer: signer), LedgerFixture.NoCaps)).Nonce;

    [Fact]
    public void Authorize_FirstTicket_GetsTheClockFloor()
    {
        ClientStore store = _ledger.Open();

        ulong nonce = Authorize(store);

        Assert.Equal((ulong)_ledger.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1024, nonce);
        Assert.Equal(nonce, store.GetLastNonce(LedgerFixture.Signer));
    }

    [Fact]
    public void Authorize_WithinOneMillisecond_NoncesCountUpByOne()
    {
        ClientStore store = _ledger.Open();

        ulong[] nonces = [Authorize(store), Authorize(store), Authorize(store)];

        Assert.Equal([nonces[0], nonces[0] + 1, nonces[0] + 2], nonces);
    }

    [Fact]
    public void Authorize_LaterOnTheClock_JumpsToTheNewFloor()
    {
        ClientStore store = _ledger.Open();
        Authorize(store);
        _ledger.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(ClientStore.NonceFloor(_ledger.Time.GetUtcNow()), Authorize(store));
    }

    [Fact]
    public void Authorize_ClockGoesBackwards_NoncesStillIncrease()
    {
        var clock = new ManualClock(_ledger.Time.GetUtcNow());
        using ClientStore store = ClientStore.Open(_ledger.DbPath, clock);
        ulong before = Authorize(store);

        clock.Now -= TimeSpan.FromDays(30);

        Assert.Equal(before + 1, Authorize(store));
    }

    [Fact]
    public void Authorize_AfterReopenWithTheClockSetBack_NeverRepeatsANonce()
    {
        var clock = new ManualClock(_ledger.Time.GetUtcNow());
        var seen = new HashSet<ulong>();
        for (int run = 0; run < 3; run++)
        {
            using (ClientStore store = ClientStore.Open(_ledger.DbPath, clock))
            {
                for (int i = 0; i < 5; i++)
                {
                    Assert.True(seen.Add(Authorize(store)));
                }
            }

            clock.Now -= TimeSpan.FromHours(1);
        }

        using ClientStore last = ClientStore.Open(_ledger.DbPath, clock);
        Assert.Equal(seen.Max(), last.GetLastNonce(LedgerFixture.Signer));
    }

    [Fact]
    public void Authorize_AfterTheLedgerWasDeleted_TheClockFloorStaysAboveEveryEarlierNonce()
    {
        ulong highest;
        using (ClientStore store = ClientStore.Open(_ledger.DbPath, _ledger.Time))
        {
            // 500 tickets inside one millisecond: the nonce runs ahead of the floor, but stays within the 1024 of it.
            for (int i = 0; i < 500; i++)
            {
                Authorize(store);
            }

            highest = store.GetLastNonce(LedgerFixture.Signer);
        }

        File.Delete(_ledger.DbPath);
        File.Delete(_ledger.DbPath + "-wal");
        File.Delete(_ledger.DbPath + "-shm");
        _ledger.Time.Advance(TimeSpan.FromMilliseconds(1));

        ClientStore fresh = _ledger.Open();
        Assert.Equal(0UL, fresh.GetLastNonce(LedgerFixture.Signer));
        Assert.True(Authorize(fresh) > highest);
    }

    [Fact]
    public void RaiseNonceFloor_AboveTheLast_MakesTheNextNonceHigher()
    {
        ClientStore store = _ledger.Open();
        ulong first = Authorize(store);

        store.RaiseNonceFloor(LedgerFixture.Signer, first + 10_000);

        Assert.Equal(first + 10_000, store.GetLastNonce(LedgerFixture.Signer));
        Assert.Equal(first + 10_001, Authorize(store));
    }

    [Fact]
    public void RaiseNonceFloor_BelowTheLast_ChangesNothing()
    {
        ClientStore store = _ledger.Open();
        ulong first = Authorize(store);

        store.RaiseNonceFloor(LedgerFixture.Signer, first - 5);

        Assert.Equal(first, store.GetLastNonce(LedgerFixture.Signer));
        Assert.Equal(first + 1, Authorize(store));
    }

    [Fact]
    public void RaiseNonceFloor_UnknownSigner_IsPersistedAcrossReopen()
    {
        const string other = "0x3333333333333333333333333333333333333333";
        using (ClientStore store = ClientStore.Open(_ledger.DbPath, _ledger.Time))
        {
            store.RaiseNonceFloor(other, ulong.MaxValue - 10);
        }

        ClientStore reopened = _ledger.Open();
        Assert.Equal(ulong.MaxValue - 10, reopened.GetLastNonce(other.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)));
        Assert.Equal(ulong.MaxValue - 9, Authorize(reopened, other));
    }

    [Fact]
    public void Authorize_SignerWithTheLastPossibleNonce_ThrowsAndWritesNothing()
    {
        ClientStore store = _ledger.Open();
        store.RaiseNonceFloor(LedgerFixture.Signer, ulong.MaxValue);

        Assert.Throws<InvalidOperationException>(() => store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.NoCaps));

        Assert.Equal(0, store.GetSpendSummary(LedgerFixture.NoCaps, null).TicketsSigned);
        Assert.Equal(ulong.MaxValue, store.GetLastNonce(LedgerFixture.Signer));
    }

    [Fact]
    public void Nonces_OfDifferentSigners_AreIndependent()
    {
        const string other = "0x3333333333333333333333333333333333333333";
        ClientStore store = _ledger.Open();
        ulong mine = Authorize(store);
        store.RaiseNonceFloor(LedgerFixture.Signer, mine + 1_000_000);

        ulong theirs = Authorize(store, other);

        Assert.Equal(ClientStore.NonceFloor(_ledger.Time.GetUtcNow()), theirs);
        Assert.Equal(0UL, store.GetLastNonce("0x4444444444444444444444444444444444444444"));
    }

    [Fact]
    public void Signer_DifferingOnlyInCase_IsTheSameSigner()
    {
        ClientStore store = _ledger.Open();
        ulong first = Authorize(store, "0xAbCdEf0000000000000000000000000000000000");

        Assert.Equal(first + 1, Authorize(store, "0xabcdef0000000000000000000000000000000000"));
    }

    [Fact]
    public void NonceFloor_IsMillisecondsTimes1024AndZeroBeforeTheEpoch()
    {
        Assert.Equal(1_700_000_000_000UL * 1024, ClientStore.NonceFloor(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
        Assert.Equal(0UL, ClientStore.NonceFloor(DateTimeOffset.FromUnixTimeMilliseconds(-5)));
    }
}
