using System.Numerics;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;

namespace Dvpn.Provider.Tests.Support.Client;

/// <summary>
/// A client's lottery account (native token, funder, signer): a development account funds it, a fresh signer key
/// signs the session requests and the tickets. Nonces start at 1 and only go up, across sessions.
/// </summary>
internal sealed class ClientAccount : IDisposable
{
    private readonly SignerKey _key;
    private long _lastNonce;

    public ClientAccount(LotteryClient funderLottery, TicketDomain domain)
    {
        ArgumentNullException.ThrowIfNull(funderLottery);
        Lottery = funderLottery;
        Funder = EthAddress.Parse(funderLottery.Chain.Address ?? throw new ArgumentException("the funder connection cannot send", nameof(funderLottery)));
        _key = SignerKey.Generate();
        Signer = new TicketSigner(_key, domain);
    }

    /// <summary>The funder's connection to the lottery.</summary>
    public LotteryClient Lottery { get; }

    public EthAddress Funder { get; }

    public TicketSigner Signer { get; }

    public EthAddress SignerAddress => Signer.Address;

    public static EthAddress Token => EthAddress.Zero;

    /// <summary>The nonce the next ticket gets.</summary>
    public ulong NextNonce() => (ulong)Interlocked.Increment(ref _lastNonce);

    /// <summary>The last nonce handed out (0 before the first).</summary>
    public ulong LastNonce => (ulong)Interlocked.Read(ref _lastNonce);

    public Task FundAsync(BigInteger balance, BigInteger escrow, CancellationToken cancellationToken = default) =>
        Lottery.FundAsync(LotteryClient.NativeToken, SignerAddress.ToString(), balance, escrow, cancellationToken);

    /// <summary>Announces a withdrawal of everything: it unlocks after the lottery's withdraw delay.</summary>
    public async Task WarnAllAsync(CancellationToken cancellationToken = default)
    {
        LotteryAccount account = await GetAsync(cancellationToken);
        await Lottery.WarnAsync(LotteryClient.NativeToken, SignerAddress.ToString(), account.Balance, account.Escrow, cancellationToken);
    }

    public Task<LotteryAccount> GetAsync(CancellationToken cancellationToken = default) =>
        Lottery.GetAccountAsync(LotteryClient.NativeToken, Funder.ToString(), SignerAddress.ToString(), cancellationToken);

    public void Dispose()
    {
        Signer.Dispose();
        _key.Dispose();
    }

    public override string ToString() => $"account (native, funder {Funder}, signer {SignerAddress})";
}
