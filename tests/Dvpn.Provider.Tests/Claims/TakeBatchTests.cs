using Dvpn.Chain.Tickets;
using Dvpn.Provider.Claims;

namespace Dvpn.Provider.Tests.Claims;

public sealed class TakeBatchTests : IDisposable
{
    private readonly WinnerSource _a = WinnerSource.Offline();
    private readonly WinnerSource _b = WinnerSource.Offline();
    private long _id;

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private StoredWinner W(WinnerSource s, ulong nonce, ulong expiry) =>
        new(++_id, s.Next(100, expiry, nonce), s.Reveal, WinnerState.Pending, null, 0, null, default, default);

    private static List<StoredWinner> ByExpiry(params StoredWinner[] winners) => [.. winners.OrderBy(w => w.Expiry)];

    [Fact]
    public void TakeBatch_HigherNonceExpiringFirst_TakesTheLowerNonceWithIt()
    {
        List<StoredWinner> live = ByExpiry(W(_a, 5, 900), W(_a, 7, 100), W(_b, 1, 200));

        List<StoredWinner> batch = ClaimWorker.TakeBatch(live, 2);

        Assert.Equal([5UL, 7UL], batch.Select(w => w.Nonce));
        Assert.Equal(_b.Address, Assert.Single(live).Signer);
    }

    [Fact]
    public void TakeBatch_PrefixLongerThanABatch_TakesTheLowestNoncesFirst()
    {
        List<StoredWinner> live = ByExpiry(W(_a, 1, 500), W(_a, 2, 400), W(_a, 3, 300), W(_a, 4, 100));

        List<StoredWinner> batch = ClaimWorker.TakeBatch(live, 3);

        Assert.Equal([1UL, 2UL, 3UL], batch.Select(w => w.Nonce));
        Assert.Equal(4UL, Assert.Single(live).Nonce);
    }

    [Fact]
    public void TakeBatch_NextPrefixDoesNotFit_StopsWithoutSplittingIt()
    {
        List<StoredWinner> live = ByExpiry(W(_b, 1, 100), W(_a, 1, 300), W(_a, 2, 200));

        List<StoredWinner> batch = ClaimWorker.TakeBatch(live, 2);

        Assert.Equal([_b.Address], batch.Select(w => w.Signer));
        Assert.Equal(2, live.Count);
    }

    [Fact]
    public void TakeBatch_EveryBatch_HoldsEachSignersNoncesWithoutGaps()
    {
        var all = new List<StoredWinner>();
        for (ulong n = 1; n <= 9; n++)
        {
            all.Add(W(_a, n, 1000 - (n * 10)));
            all.Add(W(_b, n, 1000 + (n * 7)));
        }

        List<StoredWinner> live = ByExpiry([.. all]);
        var claimedUpTo = new Dictionary<EthAddress, ulong> { [_a.Address] = 0, [_b.Address] = 0 };
        while (live.Count > 0)
        {
            foreach (StoredWinner w in ClaimWorker.TakeBatch(live, 4).OrderBy(w => w.Nonce))
            {
                Assert.Equal(claimedUpTo[w.Signer] + 1, w.Nonce);
                claimedUpTo[w.Signer] = w.Nonce;
            }
        }

        Assert.Equal(9UL, claimedUpTo[_a.Address]);
        Assert.Equal(9UL, claimedUpTo[_b.Address]);
    }
}
