using System.Collections.Concurrent;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;

namespace Dvpn.Client.Tests.Persistence;

public sealed class ConcurrencyTests : IDisposable
{
    private const int Threads = 8;
    private const int TicketsPerThread = 40;

    private readonly LedgerFixture _ledger = new();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    public void Authorize_FromManyThreads_NeverHandsOutADuplicateNonceAndNeverPassesTheCap()
    {
        ClientStore store = _ledger.Open();
        // 320 tickets of 3 are asked for; the cap admits exactly 100 of them (300) and nothing of the rest.
        SpendPolicy policy = LedgerFixture.Policy(perDay: 300);
        var authorized = new ConcurrentBag<ulong>();
        var refused = new ConcurrentBag<SpendDecision.CapReached>();

        RunOnThreads(() =>
        {
            for (int i = 0; i < TicketsPerThread; i++)
            {
                switch (store.AuthorizeTicket(LedgerFixture.Spend(3), policy))
                {
                    case SpendDecision.Authorized a: authorized.Add(a.Nonce); break;
                    case SpendDecision.CapReached c: refused.Add(c); break;
                }
            }
        });

        Assert.Equal(100, authorized.Count);
        Assert.Equal(100, authorized.Distinct().Count());
        Assert.Equal(Threads * TicketsPerThread - 100, refused.Count);
        Assert.All(refused, r => Assert.Equal(300, r.Spent));
        SpendSummary summary = store.GetSpendSummary(policy, LedgerFixture.Session);
        Assert.Equal(300, summary.Today);
        Assert.Equal(100, summary.TicketsSigned);
        Assert.Equal(authorized.Max(), store.GetLastNonce(LedgerFixture.Signer));
    }

    [Fact]
    public void Authorize_FromManyThreadsWhileTheFloorIsRaisedAndTheClockMoves_NoncesStayUnique()
    {
        ClientStore store = _ledger.Open();
        var nonces = new ConcurrentBag<ulong>();

        RunOnThreads(() =>
        {
            for (int i = 0; i < TicketsPerThread; i++)
            {
                nonces.Add(TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.NoCaps)).Nonce);
                if (i % 10 == 0)
                {
                    store.RaiseNonceFloor(LedgerFixture.Signer, store.GetLastNonce(LedgerFixture.Signer) + 5);
                    _ledger.Time.Advance(TimeSpan.FromMilliseconds(1));
                }
            }
        });

        Assert.Equal(Threads * TicketsPerThread, nonces.Distinct().Count());
    }

    private static void RunOnThreads(Action work)
    {
        using var start = new Barrier(Threads);
        var errors = new ConcurrentBag<Exception>();
        Thread[] threads = [.. Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                work();
            }
            catch (Exception e)
            {
                // An exception escaping a thread would take the test host down; report it as a failure instead.
                errors.Add(e);
            }
        }))];
        foreach (Thread t in threads)
        {
            t.Start();
        }

        foreach (Thread t in threads)
        {
            t.Join();
        }

        Assert.Empty(errors);
    }
}
