using System.Numerics;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tokens;
using Nethereum.RPC.Eth.DTOs;

namespace Dvpn.Client.Wallet;

/// <summary>
/// The lottery account and its two keys (DESIGN §3): the signer (hot, in this process, signs tickets) and the funder
/// (moves money). Money moves need the funder's key in this process (<see cref="CanMoveMoney"/>); reads work with
/// only its address.
/// </summary>
public sealed class DvpnWallet
{
    private readonly LotteryClient _readLottery;
    private readonly LotteryClient? _funderLottery;

    internal DvpnWallet(ChainConnection readChain, ChainConnection? funderChain, string lottery, string token, string funder, string signer)
    {
        _readLottery = new LotteryClient(readChain, lottery);
        _funderLottery = funderChain is null ? null : new LotteryClient(funderChain, lottery);
        Token = token;
        FunderAddress = funder;
        SignerAddress = signer;
    }

    /// <summary>The payment token (0x000…0: the chain's native coin).</summary>
    public string Token { get; }

    /// <summary>The funder's address.</summary>
    public string FunderAddress { get; }

    /// <summary>The signer's address.</summary>
    public string SignerAddress { get; }

    /// <summary>True when the funder's key is loaded, so <see cref="FundAsync"/>, <see cref="WarnAsync"/> and
    /// <see cref="WithdrawAsync"/> work.</summary>
    public bool CanMoveMoney => _funderLottery is not null;

    private bool IsNative => string.Equals(Token, LotteryClient.NativeToken, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the lottery account and the funder's balance.</summary>
    public async Task<WalletAccount> GetAccountAsync(CancellationToken cancellationToken = default)
    {
        LotteryAccount account = await _readLottery.GetAccountAsync(Token, FunderAddress, SignerAddress, cancellationToken).ConfigureAwait(false);
        BigInteger funderBalance = IsNative
            ? await _readLottery.Chain.GetNativeBalanceAsync(FunderAddress, cancellationToken).ConfigureAwait(false)
            : await new TokenClient(_readLottery.Chain, Token).BalanceOfAsync(FunderAddress, cancellationToken).ConfigureAwait(false);
        return new WalletAccount(Token, FunderAddress, SignerAddress, account.Balance, account.Escrow, account.WarnedBalance, account.WarnedEscrow,
            account.UnlockAt, funderBalance);
    }

    /// <summary>Adds to the account's balance and escrow from the funder; returns the transaction hash.</summary>
    /// <exception cref="InvalidOperationException">The funder's key is not loaded.</exception>
    /// <exception cref="ChainException">The transaction failed or reverted.</exception>
    public async Task<string> FundAsync(BigInteger balance, BigInteger escrow, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(balance);
        ArgumentOutOfRangeException.ThrowIfNegative(escrow);
        if (balance.IsZero && escrow.IsZero)
        {
            throw new ArgumentException("fund at least something: balance and escrow are both zero");
        }

        TransactionReceipt receipt = await Funder().FundAsync(Token, SignerAddress, balance, escrow, cancellationToken).ConfigureAwait(false);
        return receipt.TransactionHash;
    }

    /// <summary>
    /// Announces a withdrawal of these amounts; it unlocks after the lottery's withdraw delay (see
    /// <see cref="WalletAccount.UnlockAt"/>). Providers stop serving an account whose withdrawal unlocks within a
    /// session. Warning zero and zero cancels. Returns the transaction hash.
    /// </summary>
    /// <exception cref="InvalidOperationException">The funder's key is not loaded.</exception>
    public async Task<string> WarnAsync(BigInteger balance, BigInteger escrow, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(balance);
        ArgumentOutOfRangeException.ThrowIfNegative(escrow);
        TransactionReceipt receipt = await Funder().WarnAsync(Token, SignerAddress, balance, escrow, cancellationToken).ConfigureAwait(false);
        return receipt.TransactionHash;
    }

    /// <summary>Makes the announced withdrawal to <paramref name="to"/> (default: the funder). Returns the transaction hash.</summary>
    /// <exception cref="InvalidOperationException">The funder's key is not loaded.</exception>
    /// <exception cref="ContractRevertException">The withdrawal is still locked (<c>WithdrawalLocked</c>).</exception>
    public async Task<string> WithdrawAsync(string? to = null, CancellationToken cancellationToken = default)
    {
        TransactionReceipt receipt = await Funder().WithdrawAsync(Token, SignerAddress, to ?? FunderAddress, cancellationToken).ConfigureAwait(false);
        return receipt.TransactionHash;
    }

    /// <summary>
    /// Any transaction on the chain, by hash (not only this wallet's): mined (status, block, gas used) or pending.
    /// Null when the node does not know it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not a 0x-prefixed 32-byte hex hash.</exception>
    /// <exception cref="ChainException">The chain could not be read.</exception>
    public async Task<WalletTransaction?> GetTransactionAsync(string hash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != 66 || !hash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || hash.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            throw new ArgumentException("not a 0x-prefixed 32-byte transaction hash", nameof(hash));
        }

        ChainConnection chain = _readLottery.Chain;
        TransactionReceipt? receipt = await chain.GetTransactionReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
        if (receipt is not null)
        {
            WalletTransactionStatus status = receipt.Status?.Value == 1 ? WalletTransactionStatus.Succeeded : WalletTransactionStatus.Reverted;
            return new WalletTransaction(receipt.TransactionHash, status, (ulong)receipt.BlockNumber.Value, (ulong)receipt.GasUsed.Value,
                receipt.From, receipt.To);
        }

        Transaction? pending = await chain.GetTransactionAsync(hash, cancellationToken).ConfigureAwait(false);
        return pending is null ? null : new WalletTransaction(pending.TransactionHash, WalletTransactionStatus.Pending, null, null, pending.From, pending.To);
    }

    /// <summary>The lottery's withdraw delay: how long after a warning the money unlocks.</summary>
    public Task<TimeSpan> GetWithdrawDelayAsync(CancellationToken cancellationToken = default) =>
        _readLottery.GetWithdrawDelayAsync(cancellationToken);

    private LotteryClient Funder() =>
        _funderLottery ?? throw new InvalidOperationException("The funder's key is not loaded (Wallet:FunderKeystorePath): money moves are not available from this client.");
}
