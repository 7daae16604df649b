using System.Numerics;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Tokens;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Dvpn.Chain.Lottery;

/// <summary>
/// The Lottery contract: funding and withdrawing lottery accounts (the funder's side) and claiming winning tickets
/// (the provider's side).
/// </summary>
public sealed class LotteryClient
{
    /// <summary>The token address that stands for the chain's native coin.</summary>
    public const string NativeToken = "0x0000000000000000000000000000000000000000";

    private readonly ChainConnection _chain;

    /// <summary>Creates a client for the Lottery at <paramref name="address"/>.</summary>
    public LotteryClient(ChainConnection chain, string address)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrEmpty(address);
        _chain = chain;
        Address = address;
    }

    /// <summary>The Lottery contract's address.</summary>
    public string Address { get; }

    /// <summary>The chain this client talks to.</summary>
    public ChainConnection Chain => _chain;

    /// <summary>
    /// Adds <paramref name="balance"/> and <paramref name="escrow"/> to the account (token, sender, signer).
    /// For an ERC-20 the lottery is approved to pull the sum first when needed.
    /// </summary>
    public async Task<TransactionReceipt> FundAsync(string token, string signer, BigInteger balance, BigInteger escrow,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(balance);
        ArgumentOutOfRangeException.ThrowIfNegative(escrow);
        var f = new FundFunction { Token = token, Signer = signer, Balance = balance, Escrow = escrow };
        if (IsNative(token))
        {
            f.AmountToSend = balance + escrow;
        }
        else
        {
            await new TokenClient(_chain, token).EnsureAllowanceAsync(Address, balance + escrow, cancellationToken).ConfigureAwait(false);
        }

        return await _chain.SendAsync(Address, f, "fund", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Announces a withdrawal of these amounts; it can be made after the contract's withdraw delay. A new
    /// warning replaces the previous one and restarts the delay; warning zero cancels.</summary>
    public Task<TransactionReceipt> WarnAsync(string token, string signer, BigInteger balance, BigInteger escrow,
        CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new WarnFunction { Token = token, Signer = signer, Balance = balance, Escrow = escrow },
            "warn", cancellationToken);

    /// <summary>Makes the announced withdrawal to <paramref name="to"/>. Reverts with <c>WithdrawalLocked</c> before
    /// the delay has passed.</summary>
    public Task<TransactionReceipt> WithdrawAsync(string token, string signer, string to, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new WithdrawFunction { Token = token, Signer = signer, To = to }, "withdraw", cancellationToken);

    /// <summary>Reads the account (token, funder, signer).</summary>
    public async Task<LotteryAccount> GetAccountAsync(string token, string funder, string signer, CancellationToken cancellationToken = default)
    {
        AccountOutput o = await _chain.QueryDtoAsync<AccountFunction, AccountOutput>(Address,
            new AccountFunction { Token = token, Funder = funder, Signer = signer }, "account", cancellationToken).ConfigureAwait(false);
        DateTimeOffset? unlock = o.UnlockAt == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(checked((long)o.UnlockAt));
        return new LotteryAccount(o.Balance, o.Escrow, o.WarnedBalance, o.WarnedEscrow, unlock);
    }

    /// <summary>
    /// Claims a batch of tickets for the sender (the tickets' recipient). Invalid tickets are skipped by the contract,
    /// not reverted; the result says which and why. Order matters (docs/protocol.md §1.5): sort by signer and nonce, as
    /// <see cref="SortForClaim"/> does, or winners with lower nonces are lost.
    /// </summary>
    /// <param name="claims">The packed tickets with their reveals.</param>
    /// <param name="maxFeePerGas">When set, the claim is not sent while the network's gas price is above it (a
    /// transient <see cref="ChainException"/>), and the transaction never pays more.</param>
    /// <param name="cancellationToken">Cancels waiting for the receipt.</param>
    public async Task<ClaimResult> ClaimAsync(IReadOnlyList<LotteryClaim> claims, BigInteger? maxFeePerGas = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Count == 0)
        {
            throw new ArgumentException("nothing to claim", nameof(claims));
        }

        var f = new ClaimFunction { Claims = [.. claims] };
        if (maxFeePerGas is { } max)
        {
            BigInteger price = await _chain.GetGasPriceAsync(cancellationToken).ConfigureAwait(false);
            if (price > max)
            {
                throw new ChainException($"gas price {price} wei is above the claim limit {max} wei", isTransient: true);
            }

            // eth_gasPrice is base fee + the node's suggested tip; offering all of it again as a tip would pay about
            // twice the network price. The tip is what the node suggests above the base fee, the cap is the limit.
            BigInteger baseFee = await _chain.GetBaseFeeAsync(cancellationToken).ConfigureAwait(false);
            f.MaxFeePerGas = max;
            f.MaxPriorityFeePerGas = BigInteger.Min(max, BigInteger.Max(BigInteger.Zero, price - baseFee));
        }

        TransactionReceipt receipt = await _chain.SendAsync(Address, f, "claim", cancellationToken).ConfigureAwait(false);
        // Only the lottery's own logs: a token called during the payout can emit look-alike events.
        FilterLog[] logs = [.. receipt.Logs.ConvertToFilterLog()
            .Where(l => string.Equals(l.Address, Address, StringComparison.OrdinalIgnoreCase))];
        var payouts = logs.DecodeAllEvents<ClaimedEvent>()
            .Select(e => new TokenPayout(e.Event.Token, e.Event.Amount, checked((int)e.Event.Tickets))).ToList();
        var skipped = logs.DecodeAllEvents<TicketSkippedEvent>()
            .Select(e => new SkippedTicket(e.Event.Signer, e.Event.Nonce, (SkipReason)e.Event.Reason)).ToList();
        var burned = logs.DecodeAllEvents<EscrowBurnedEvent>()
            .Select(e => new BurnedEscrow(e.Event.Token, e.Event.Funder, e.Event.Signer, e.Event.Amount)).ToList();
        return new ClaimResult(receipt.TransactionHash, receipt.GasUsed.Value, claims.Count, payouts, skipped, burned);
    }

    /// <summary>
    /// Orders claims the way the contract's replay rule needs: by signer, then nonce (the replay record is per
    /// recipient and signer, whatever the token). The sort is stable, so tickets of one token stay together when
    /// they were together, which keeps payouts in few runs.
    /// </summary>
    public static IReadOnlyList<LotteryClaim> SortForClaim(IEnumerable<LotteryClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        BigInteger low64 = ulong.MaxValue;
        return [.. claims
            .OrderBy(c => c.Packed3 >> 96)
            .ThenBy(c => (c.Packed0 >> 128) & low64)];
    }

    /// <summary>Deletes the sender's replay records for these signers whose tickets have all expired (gas refund).</summary>
    public Task<TransactionReceipt> SweepAsync(IReadOnlyList<string> signers, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new SweepFunction { Signers = [.. signers] }, "sweep", cancellationToken);

    /// <summary>The replay record of (recipient, signer): the highest claimed nonce and the latest claimed expiry.</summary>
    public async Task<(ulong HighNonce, ulong MaxExpiry)> GetReplayRecordAsync(string recipient, string signer,
        CancellationToken cancellationToken = default)
    {
        ReplayRecordOutput o = await _chain.QueryDtoAsync<ReplayRecordFunction, ReplayRecordOutput>(Address,
            new ReplayRecordFunction { Recipient = recipient, Signer = signer }, "replayRecord", cancellationToken).ConfigureAwait(false);
        return (o.HighNonce, o.MaxExpiry);
    }

    /// <summary>The EIP-712 digest the contract computes for <paramref name="claim"/> claimed by <paramref name="recipient"/>.</summary>
    public Task<byte[]> GetTicketDigestAsync(string recipient, LotteryClaim claim, CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<TicketDigestFunction, byte[]>(Address, new TicketDigestFunction { Recipient = recipient, Claim = claim },
            "ticketDigest", cancellationToken);

    /// <summary>The contract's EIP-712 domain separator.</summary>
    public Task<byte[]> GetDomainSeparatorAsync(CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<DomainSeparatorFunction, byte[]>(Address, new DomainSeparatorFunction(), "domainSeparator", cancellationToken);

    /// <summary>The warn-to-withdraw delay fixed at deployment.</summary>
    public async Task<TimeSpan> GetWithdrawDelayAsync(CancellationToken cancellationToken = default) =>
        TimeSpan.FromSeconds((double)await _chain.QueryAsync<WithdrawDelayFunction, ulong>(Address, new WithdrawDelayFunction(),
            "withdrawDelay", cancellationToken).ConfigureAwait(false));

    /// <summary>Escrow burned so far in <paramref name="token"/> (locked in the contract forever).</summary>
    public Task<BigInteger> GetBurnedAsync(string token, CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<BurnedFunction, BigInteger>(Address, new BurnedFunction { Token = token }, "burned", cancellationToken);

    internal static bool IsNative(string token) =>
        string.Equals(token, NativeToken, StringComparison.OrdinalIgnoreCase);
}
