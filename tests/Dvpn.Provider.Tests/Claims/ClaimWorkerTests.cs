using System.Numerics;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Provider.Claims;
using Dvpn.Testing;
using Dvpn.Devnet.Chain;

namespace Dvpn.Provider.Tests.Claims;

[Collection(ClaimsDevnetCollection.Name)]
public sealed class ClaimWorkerTests(ClaimsDevnet devnet)
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly BigInteger Face = Ether / 100;
    private static readonly TimeSpan FarExpiry = TimeSpan.FromHours(10);

    private DevnetChain Chain => devnet.Chain;

    [Fact]
    public async Task Cycle_FullBatch_ClaimsEveryWinnerAndPaysExactlyTheFaceValues()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        bench.QueueWinners(10, Face, FarExpiry);
        BigInteger before = await bench.ProviderBalanceAsync();

        ClaimCycle cycle = await bench.Worker().RunCycleAsync(CancellationToken.None);

        Assert.Equal(new ClaimCycle(Transactions: 1, Claimed: 10, Recovered: 0, Skipped: 0, Expired: 0, Deferred: 0, GasPriceTooHigh: false), cycle);
        IReadOnlyList<StoredWinner> claimed = bench.Store.GetWinners(WinnerState.Claimed);
        Assert.Equal(10, claimed.Count);
        string tx = Assert.Single(claimed.Select(w => w.TransactionHash).Distinct())!;
        BigInteger gas = await bench.GasCostAsync(tx);
        Assert.Equal(before + (10 * Face) - gas, await bench.ProviderBalanceAsync());
        Assert.Equal(Ether - (10 * Face), (await bench.AccountAsync()).Balance);
        ClaimOutcome outcome = Assert.Single(bench.Observer.Landed);
        Assert.Equal((tx, 10, 10, 0), (outcome.TransactionHash, outcome.Submitted, outcome.Paid, outcome.Skipped));
        Assert.Equal(10 * Face, outcome.TotalPaid(LotteryClient.NativeToken));
        Assert.Equal(gas, outcome.GasCost);
    }

    [Fact]
    public async Task Cycle_FewWinnersFarFromExpiry_WaitsForAFullBatch()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        bench.QueueWinners(3, Face, FarExpiry);
        BigInteger sent = await bench.ProviderTransactionCountAsync();

        ClaimCycle cycle = await bench.Worker().RunCycleAsync(CancellationToken.None);

        Assert.Equal(3, cycle.Deferred);
        Assert.Equal(0, cycle.Transactions);
        Assert.Equal(3, bench.Store.GetCounts().Pending);
        Assert.Equal(sent, await bench.ProviderTransactionCountAsync());
    }

    [Fact]
    public async Task Cycle_WinnerWithinTheExpiryMargin_IsClaimedWithoutAFullBatch()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        bench.QueueWinners(2, Face, FarExpiry);
        bench.QueueWinners(1, Face, TimeSpan.FromMinutes(30));

        ClaimCycle cycle = await bench.Worker().RunCycleAsync(CancellationToken.None);

        // The near one makes the claim due; the two far ones ride along in the same transaction.
        Assert.Equal((1, 3, 0), (cycle.Transactions, cycle.Claimed, cycle.Deferred));
        Assert.Equal(new WinnerCounts(0, 3, 0, 0), bench.Store.GetCounts());
    }

    [Fact]
    public async Task Cycle_MoreThanABatchFromTwoSigners_SendsOneTransactionPerFullBatchInNonceOrder()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        using var second = new WinnerSource(bench.Source.Signer.Domain, bench.Source.Recipient, bench.Source.Funder);
        await new LotteryClient(bench.Funder, Chain.Contracts.Lottery).FundAsync(LotteryClient.NativeToken, second.Address.ToString(), Ether, 0);
        // Interleaved expiries, and the second signer's later nonces expire first: batches must still keep each
        // signer's nonces in order, or the contract would void the lower ones.
        for (int i = 0; i < 12; i++)
        {
            Assert.True(bench.Store.TryRecord(bench.Source.Next(Face, bench.ChainNow + 40_000 + (ulong)i), bench.Source.Reveal));
            Assert.True(bench.Store.TryRecord(second.Next(Face, bench.ChainNow + 40_000 - (ulong)i), second.Reveal));
        }

        BigInteger sent = await bench.ProviderTransactionCountAsync();

        ClaimCycle cycle = await bench.Worker().RunCycleAsync(CancellationToken.None);

        Assert.Equal((2, 20, 0, 4), (cycle.Transactions, cycle.Claimed, cycle.Skipped, cycle.Deferred));
        Assert.Equal(sent + 2, await bench.ProviderTransactionCountAsync());
        Assert.All(bench.Observer.Landed, o => Assert.Equal((10, 0), (o.Paid, o.Skipped)));

        // What is left is the highest nonces of each signer; claiming them later still pays.
        ClaimCycle rest = await bench.Worker(ClaimBench.Options(o => o.BatchSize = 4)).RunCycleAsync(CancellationToken.None);
        Assert.Equal((1, 4, 0), (rest.Transactions, rest.Claimed, rest.Skipped));
    }

    [Fact]
    public async Task Cycle_ExpiredWinner_IsMarkedExpiredAndNeverSent()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        Assert.True(bench.Store.TryRecord(bench.Source.Next(Face, bench.ChainNow - 1), bench.Source.Reveal));
        BigInteger sent = await bench.ProviderTransactionCountAsync();

        ClaimCycle cycle = await bench.Worker().RunCycleAsync(CancellationToken.None);

        Assert.Equal((1, 0), (cycle.Expired, cycle.Transactions));
        StoredWinner w = Assert.Single(bench.Store.GetWinners(WinnerState.Expired));
        Assert.Contains("expired", w.LastError, StringComparison.Ordinal);
        Assert.Equal(1, bench.Observer.Expired);
        Assert.Equal(sent, await bench.ProviderTransactionCountAsync());
    }

    [Fact]
    public async Task Cycle_WinnerWithAWrongReveal_IsMarkedSkippedWithTheContractsReason()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        bench.QueueWinners(1, Face, FarExpiry);
        Assert.True(bench.Store.TryRecord(bench.Source.Next(Face, bench.ChainNow + 36_000), TicketLottery.NewReveal()));
        BigInteger before = await bench.ProviderBalanceAsync();

        ClaimCycle cycle = await bench.Worker(ClaimBench.Options(o => o.BatchSize = 2)).RunCycleAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1), (cycle.Transactions, cycle.Claimed, cycle.Skipped));
        StoredWinner skipped = Assert.Single(bench.Store.GetWinners(WinnerState.Skipped));
        Assert.Equal(2UL, skipped.Nonce);
        Assert.Contains(nameof(SkipReason.BadSignature), skipped.LastError, StringComparison.Ordinal);
        Assert.NotNull(skipped.TransactionHash);
        Assert.Equal(before + Face - await bench.GasCostAsync(skipped.TransactionHash!), await bench.ProviderBalanceAsync());
    }

    [Fact]
    public async Task Cycle_GasPriceAboveTheMaximum_SendsNothingAndKeepsTheWinnersForLater()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        bench.QueueWinners(10, Face, FarExpiry);
        BigInteger sent = await bench.ProviderTransactionCountAsync();

        ClaimCycle dear = await bench.Worker(ClaimBench.Options(o => o.MaxGasPrice = 1)).RunCycleAsync(CancellationToken.None);

        Assert.True(dear.GasPriceTooHigh);
        Assert.Equal((0, 10), (dear.Transactions, dear.Deferred));
        Assert.Equal(sent, await bench.ProviderTransactionCountAsync());
        Assert.All(bench.Store.GetPendingWinners(), w => Assert.Equal(0, w.Attempts));

        ClaimCycle cheap = await bench.Worker().RunCycleAsync(CancellationToken.None);
        Assert.Equal((1, 10), (cheap.Transactions, cheap.Claimed));
    }

    [Fact]
    public async Task Restart_AfterACrashBetweenSendAndMark_MarksTheLandedWinnersClaimedWithoutSendingThemAgain()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        bench.QueueWinners(5, Face, TimeSpan.FromMinutes(30));
        ClaimCycle first = await bench.Worker().RunCycleAsync(CancellationToken.None);
        Assert.Equal(5, first.Claimed);
        long[] landed = [.. bench.Store.GetWinners(WinnerState.Claimed).Select(w => w.Id)];
        bench.QueueWinners(5, 2 * Face, TimeSpan.FromMinutes(30));
        BigInteger sent = await bench.ProviderTransactionCountAsync();
        BigInteger before = await bench.ProviderBalanceAsync();

        TicketStore reopened = bench.CrashAndReopen(landed);
        Assert.Equal(10, reopened.GetCounts().Pending);
        ClaimCycle second = await bench.Worker(store: reopened).RunCycleAsync(CancellationToken.None);

        Assert.Equal((1, 5, 5), (second.Transactions, second.Claimed, second.Recovered));
        Assert.Equal(sent + 1, await bench.ProviderTransactionCountAsync());
        string tx = bench.Store.GetWinners(WinnerState.Claimed).Single(w => w.Nonce == 10).TransactionHash!;
        Assert.Equal(before + (5 * 2 * Face) - await bench.GasCostAsync(tx), await bench.ProviderBalanceAsync());
        Assert.Equal(Ether - (5 * Face) - (5 * 2 * Face), (await bench.AccountAsync()).Balance);
        Assert.All(bench.Store.GetWinners(WinnerState.Claimed).Where(w => w.Nonce <= 5), w =>
        {
            Assert.Null(w.TransactionHash);
            Assert.Contains("replay record", w.LastError, StringComparison.Ordinal);
        });
        Assert.Equal(5, bench.Observer.Recovered);
    }

    [Fact]
    public async Task Restart_HostedWorker_NeverClaimsATicketTwice()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        // A day between looks: only Wake() or the pass at start can make these workers claim.
        ClaimOptions options = ClaimBench.Options(o =>
        {
            o.Interval = TimeSpan.FromDays(1);
            o.ExpiryMargin = TimeSpan.FromDays(2);
        });
        ClaimWorker first = bench.Worker(options);
        await first.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => first.CompletedPasses >= 1, "the first worker's pass at start");
        bench.QueueWinners(10, Face, TimeSpan.FromDays(20));
        BigInteger sent = await bench.ProviderTransactionCountAsync();

        first.Wake();
        await WaitUntilAsync(() => bench.Store.GetCounts().Claimed == 10, "the woken worker to claim the full batch");
        await first.StopAsync(CancellationToken.None);
        Assert.Equal(sent + 1, await bench.ProviderTransactionCountAsync());
        BigInteger balance = await bench.ProviderBalanceAsync();

        // Killed before it could mark: the rows are pending again when the next process starts.
        TicketStore reopened = bench.CrashAndReopen();
        ClaimWorker second = bench.Worker(options, reopened);
        await second.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => reopened.GetCounts().Pending == 0, "the restarted worker to settle the queue");
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(10, reopened.GetCounts().Claimed);
        Assert.Equal(sent + 1, await bench.ProviderTransactionCountAsync());
        Assert.Equal(balance, await bench.ProviderBalanceAsync());
        Assert.Equal(Ether - (10 * Face), (await bench.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Cycle_NodeGone_ThrowsAChainErrorAndLosesNoWinner()
    {
        using ClaimBench bench = await ClaimBench.OpenAsync(Chain, Ether);
        bench.QueueWinners(10, Face, FarExpiry);
        // A second node that the worker connects to and that then dies (its port refuses connections).
        ChainConnection doomed;
        await using (Dvpn.Devnet.AnvilNode node = await Dvpn.Devnet.AnvilNode.StartAsync())
        {
            doomed = await ChainConnection.ConnectAsync([node.RpcUrl], Nethereum.Signer.EthECKey.GenerateKey(),
                options: new Dvpn.Chain.Rpc.RpcFailoverOptions { MaxRetries = 1 });
        }

        ClaimWorker worker = new(bench.Store, new LotteryClient(doomed, Chain.Contracts.Lottery),
            Microsoft.Extensions.Options.Options.Create(ClaimBench.Options()), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ClaimWorker>.Instance);

        await Assert.ThrowsAnyAsync<ChainException>(() => worker.RunCycleAsync(CancellationToken.None));

        Assert.Equal(10, bench.Store.GetCounts().Pending);
        ClaimCycle later = await bench.Worker().RunCycleAsync(CancellationToken.None);
        Assert.Equal(10, later.Claimed);
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.HoldsAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(60), what, TimeSpan.FromMilliseconds(50));
}
