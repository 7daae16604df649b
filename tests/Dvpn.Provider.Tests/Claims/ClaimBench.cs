using System.Numerics;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Provider.Claims;
using Dvpn.Devnet.Chain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.RPC.Eth.DTOs;

namespace Dvpn.Provider.Tests.Claims;

/// <summary>
/// Everything one claim test needs on the shared devnet: a fresh provider account (the recipient, which sends the
/// claims), a fresh funder with a funded lottery account for a fresh signer, a store on a temp file, and workers.
/// </summary>
internal sealed class ClaimBench : IDisposable
{
    public static readonly BigInteger Gwei = BigInteger.Pow(10, 9);

    private readonly TempDirectory _dir = new();
    private readonly List<TicketStore> _stores = [];

    private ClaimBench(DevnetChain chain, ChainConnection provider, ChainConnection funder, WinnerSource source, ulong now)
    {
        Chain = chain;
        Provider = provider;
        Funder = funder;
        Source = source;
        ChainNow = now;
        Lottery = new LotteryClient(provider, chain.Contracts.Lottery);
        Store = OpenStore();
    }

    public DevnetChain Chain { get; }
    public ChainConnection Provider { get; }
    public ChainConnection Funder { get; }
    public WinnerSource Source { get; }
    public LotteryClient Lottery { get; }
    public TicketStore Store { get; private set; }
    public ulong ChainNow { get; }
    public RecordingObserver Observer { get; } = new();
    public string DbPath => _dir.File("provider.db");
    public string ProviderAddress => Provider.Address!;

    public static async Task<ClaimBench> OpenAsync(DevnetChain chain, BigInteger balance)
    {
        ChainConnection provider = await chain.ConnectFreshAccountAsync();
        ChainConnection funder = await chain.ConnectFreshAccountAsync();
        var domain = new TicketDomain(provider.ChainId, EthAddress.Parse(chain.Contracts.Lottery));
        var source = new WinnerSource(domain, EthAddress.Parse(provider.Address!), EthAddress.Parse(funder.Address!));
        await new LotteryClient(funder, chain.Contracts.Lottery).FundAsync(LotteryClient.NativeToken, source.Address.ToString(), balance, balance / 2);
        return new ClaimBench(chain, provider, funder, source, await provider.GetLatestBlockTimestampAsync());
    }

    public TicketStore OpenStore()
    {
        TicketStore store = TicketStore.Open(DbPath);
        _stores.Add(store);
        return store;
    }

    /// <summary>Queues <paramref name="count"/> winners of <paramref name="faceValue"/>, each expiring <paramref name="expiresIn"/> from chain time.</summary>
    public List<SignedTicket> QueueWinners(int count, BigInteger faceValue, TimeSpan expiresIn, WinnerSource? source = null)
    {
        source ??= Source;
        var tickets = new List<SignedTicket>();
        for (int i = 0; i < count; i++)
        {
            SignedTicket t = source.Next(faceValue, ChainNow + (ulong)expiresIn.TotalSeconds);
            Assert.True(Store.TryRecord(t, source.Reveal));
            tickets.Add(t);
        }

        return tickets;
    }

    /// <summary>
    /// Worker options for the devnet: the defaults, but a gas ceiling of 100 gwei, as anvil's base fee climbs above
    /// the 2 gwei default while the contracts deploy. <paramref name="change"/> adjusts them per test.
    /// </summary>
    public static ClaimOptions Options(Action<ClaimOptions>? change = null)
    {
        var o = new ClaimOptions { MaxGasPrice = 100_000_000_000 };
        change?.Invoke(o);
        return o;
    }

    public ClaimWorker Worker(ClaimOptions? options = null, TicketStore? store = null) =>
        new(store ?? Store, Lottery, Microsoft.Extensions.Options.Options.Create(options ?? Options()), TimeProvider.System,
            NullLogger<ClaimWorker>.Instance, Observer);

    /// <summary>
    /// Simulates a crash between a claim's send and its marks: the store is closed, the claimed rows are put back to
    /// pending with no transaction hash (as they were before the send), and a new store is opened on the same file.
    /// </summary>
    public TicketStore CrashAndReopen(IEnumerable<long>? ids = null)
    {
        Store.Dispose();
        using (var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            raw.Open();
            using SqliteCommand c = raw.CreateCommand();
            c.CommandText = ids is null
                ? "UPDATE winners SET state = 'pending', tx_hash = NULL, attempts = 0, last_error = NULL WHERE state = 'claimed'"
                : $"UPDATE winners SET state = 'pending', tx_hash = NULL, attempts = 0, last_error = NULL WHERE id IN ({string.Join(',', ids)})";
            Assert.True(c.ExecuteNonQuery() > 0);
        }

        Store = OpenStore();
        return Store;
    }

    public Task<BigInteger> ProviderBalanceAsync() => Provider.GetNativeBalanceAsync(ProviderAddress);

    /// <summary>Transactions the provider account has sent (its account nonce).</summary>
    public async Task<BigInteger> ProviderTransactionCountAsync() =>
        (await new Nethereum.Web3.Web3(Provider.Rpc).Eth.Transactions.GetTransactionCount
            .SendRequestAsync(ProviderAddress, BlockParameter.CreateLatest())).Value;

    /// <summary>What the transaction's gas cost the sender: gas used x effective gas price, from its receipt.</summary>
    public async Task<BigInteger> GasCostAsync(string transactionHash)
    {
        TransactionReceipt r = await new Nethereum.Web3.Web3(Provider.Rpc).Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash);
        return r.GasUsed.Value * r.EffectiveGasPrice.Value;
    }

    public Task<LotteryAccount> AccountAsync() =>
        Lottery.GetAccountAsync(LotteryClient.NativeToken, Funder.Address!, Source.Address.ToString());

    public void Dispose()
    {
        foreach (TicketStore s in _stores)
        {
            s.Dispose();
        }

        Source.Dispose();
        _dir.Dispose();
    }
}

/// <summary>Keeps what a worker reported (the host wires the same calls to metrics).</summary>
internal sealed class RecordingObserver : IClaimObserver
{
    private readonly Lock _lock = new();
    private readonly List<ClaimOutcome> _landed = [];

    public IReadOnlyList<ClaimOutcome> Landed
    {
        get
        {
            lock (_lock)
            {
                return [.. _landed];
            }
        }
    }

    public int Expired { get; private set; }

    public int Recovered { get; private set; }

    public void ClaimLanded(ClaimOutcome outcome)
    {
        lock (_lock)
        {
            _landed.Add(outcome);
        }
    }

    public void WinnersExpired(int count) => Expired += count;

    public void WinnersRecovered(int count) => Recovered += count;
}
