using System.Numerics;
using Dvpn.Chain;
using Dvpn.Client;
using Dvpn.Client.Wallet;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>WalletService over the library's wallet. Money moves are admin-only (the authorization interceptor).</summary>
internal sealed class WalletApi(DvpnClient client) : V1.WalletService.WalletServiceBase
{
    public override async Task<V1.Wallet> GetWallet(V1.GetWalletRequest request, ServerCallContext context)
    {
        WalletAccount account = await Chain(() => client.Wallet.GetAccountAsync(context.CancellationToken)).ConfigureAwait(false);
        return new V1.Wallet
        {
            Token = account.Token,
            Funder = account.Funder,
            Signer = account.Signer,
            CanMoveMoney = client.Wallet.CanMoveMoney,
            Balance = ProtoMapper.Amount(account.Balance),
            Escrow = ProtoMapper.Amount(account.Escrow),
            WarnedBalance = ProtoMapper.Amount(account.WarnedBalance),
            WarnedEscrow = ProtoMapper.Amount(account.WarnedEscrow),
            UnlockAt = account.UnlockAt is { } unlock ? Timestamp.FromDateTimeOffset(unlock) : null,
            FunderBalance = ProtoMapper.Amount(account.FunderBalance),
        };
    }

    public override async Task<V1.Transaction> Deposit(V1.DepositRequest request, ServerCallContext context)
    {
        BigInteger balance = Amounts.Parse(request.Balance, "balance");
        BigInteger escrow = Amounts.Parse(request.Escrow, "escrow");
        if (balance.IsZero && escrow.IsZero)
        {
            throw ApiErrors.InvalidArgument("balance", "deposit at least something: balance and escrow are both zero");
        }

        return Mined(await MoneyMove(() => client.Wallet.FundAsync(balance, escrow, context.CancellationToken)).ConfigureAwait(false));
    }

    public override async Task<V1.Transaction> Warn(V1.WarnRequest request, ServerCallContext context)
    {
        BigInteger balance = Amounts.Parse(request.Balance, "balance");
        BigInteger escrow = Amounts.Parse(request.Escrow, "escrow");
        return Mined(await MoneyMove(() => client.Wallet.WarnAsync(balance, escrow, context.CancellationToken)).ConfigureAwait(false));
    }

    public override async Task<V1.Transaction> Withdraw(V1.WithdrawRequest request, ServerCallContext context)
    {
        if (request.To.Length > 0 && !Dvpn.Chain.Tickets.EthAddress.TryParse(request.To, out _))
        {
            throw ApiErrors.InvalidArgument("to", "is not a 0x-prefixed 20-byte address");
        }

        string? to = request.To.Length > 0 ? request.To : null;
        return Mined(await MoneyMove(() => client.Wallet.WithdrawAsync(to, context.CancellationToken)).ConfigureAwait(false));
    }

    /// <summary>The library's calls return once the transaction is mined and succeeded (a revert throws).</summary>
    private static V1.Transaction Mined(string hash) => new() { Hash = hash, Status = V1.TransactionStatus.Succeeded };

    private async Task<string> MoneyMove(Func<Task<string>> move)
    {
        if (!client.Wallet.CanMoveMoney)
        {
            throw ApiErrors.Create(StatusCode.FailedPrecondition, V1.ErrorReason.FunderKeyUnavailable,
                "the daemon does not hold the funder's key (Dvpn:Wallet:FunderKeystorePath): move money from the funder's own wallet");
        }

        try
        {
            return await move().ConfigureAwait(false);
        }
        catch (ContractRevertException e) when (e.ErrorName == "WithdrawalLocked")
        {
            throw ApiErrors.Create(StatusCode.FailedPrecondition, V1.ErrorReason.WithdrawalLocked, "the withdrawal is still locked: " + e.Message);
        }
        catch (ChainException e)
        {
            throw ChainError(e);
        }
    }

    private static async Task<T> Chain<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (ChainException e)
        {
            throw ChainError(e);
        }
    }

    private static RpcException ChainError(ChainException e) => e.IsTransient
        ? ApiErrors.Create(StatusCode.Unavailable, V1.ErrorReason.ChainUnavailable, "the chain cannot be reached: " + e.Message)
        : ApiErrors.Create(StatusCode.FailedPrecondition, V1.ErrorReason.Unspecified, e.Message);
}
