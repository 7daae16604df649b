using System.Numerics;
using Dvpn.Chain;
using Dvpn.Client;
using Dvpn.Client.Payments;
using Dvpn.Client.Wallet;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>WalletService over the library's wallet. Money moves are admin-only (the authorization interceptor).</summary>
internal sealed class WalletApi(DvpnClient client) : V1.WalletService.WalletServiceBase
{
    /// <summary>Any transaction, read from the chain (its receipt): status, block and gas used; pending while it is
    /// not mined. NOT_FOUND when the node does not know the hash.</summary>
    public override async Task<V1.Transaction> GetTransaction(V1.GetTransactionRequest request, ServerCallContext context)
    {
        if (!IsTransactionHash(request.Hash))
        {
            throw ApiErrors.InvalidArgument("hash", "is not a 0x-prefixed 32-byte transaction hash", V1.ErrorReason.InvalidValue);
        }

        WalletTransaction? found = await Chain(() => client.Wallet.GetTransactionAsync(request.Hash, context.CancellationToken)).ConfigureAwait(false);
        if (found is null)
        {
            throw ApiErrors.Create(StatusCode.NotFound, V1.ErrorReason.NotFound, $"the chain knows no transaction {request.Hash}");
        }

        return ToProto(found);
    }

    /// <summary>The expected cost of <c>bytes</c> at a price, and the lottery's spread: the face value of one ticket at
    /// the current gas price, how many tickets it takes, and the standard deviation of what is paid.</summary>
    public override async Task<V1.EstimateCostResponse> EstimateCost(V1.EstimateCostRequest request, ServerCallContext context)
    {
        BigInteger? price = Amounts.ParseOptional(request.PricePerGib, "price_per_gib");
        if (price is null)
        {
            Dvpn.Client.Discovery.ProviderList list;
            try
            {
                list = await client.Providers.ListAsync(context.CancellationToken).ConfigureAwait(false);
            }
            catch (DvpnClientException e)
            {
                throw ApiErrors.From(e);
            }

            price = list.Providers.Where(p => p.Listed && p.AvoidedUntil is null).Select(p => (BigInteger?)p.PricePerGiB).Min()
                ?? throw ApiErrors.Create(StatusCode.Unavailable, V1.ErrorReason.NoProviderAvailable,
                    "no listed provider to take a price from: pass price_per_gib");
        }

        CostEstimate estimate;
        try
        {
            estimate = client.EstimateCost(request.Bytes, price.Value);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A face value beyond the lottery's 96 bits: a price no provider could be paid at.
            throw ApiErrors.InvalidArgument("price_per_gib", "too large to be paid through the lottery", V1.ErrorReason.InvalidAmount);
        }

        return new V1.EstimateCostResponse
        {
            Expected = ProtoMapper.Amount(estimate.Expected),
            TicketFaceValue = ProtoMapper.Amount(estimate.TicketFaceValue),
            Tickets = estimate.Tickets,
            StandardDeviation = ProtoMapper.Amount(estimate.StandardDeviation),
        };
    }

    private static bool IsTransactionHash(string hash) =>
        hash.Length == 66 && hash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !hash.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF");

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
            throw ApiErrors.InvalidArgument("balance", "deposit at least something: balance and escrow are both zero", V1.ErrorReason.InvalidAmount);
        }

        return await Mined(await MoneyMove(() => client.Wallet.FundAsync(balance, escrow, context.CancellationToken)).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<V1.Transaction> Warn(V1.WarnRequest request, ServerCallContext context)
    {
        BigInteger balance = Amounts.Parse(request.Balance, "balance");
        BigInteger escrow = Amounts.Parse(request.Escrow, "escrow");
        return await Mined(await MoneyMove(() => client.Wallet.WarnAsync(balance, escrow, context.CancellationToken)).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<V1.Transaction> Withdraw(V1.WithdrawRequest request, ServerCallContext context)
    {
        string? to = request.To.Length > 0 ? Arguments.Address(request.To, "to") : null;
        return await Mined(await MoneyMove(() => client.Wallet.WithdrawAsync(to, context.CancellationToken)).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The library's calls return once the transaction is mined and succeeded (a revert throws); its receipt
    /// gives the block and the gas used.</summary>
    private async Task<V1.Transaction> Mined(string hash, CancellationToken cancellationToken)
    {
        WalletTransaction? mined = await Chain(() => client.Wallet.GetTransactionAsync(hash, cancellationToken)).ConfigureAwait(false);
        return ToProto(mined ?? new WalletTransaction(hash, WalletTransactionStatus.Succeeded, null, null, "", null));
    }

    private static V1.Transaction ToProto(WalletTransaction transaction) => new()
    {
        Hash = transaction.Hash,
        Status = transaction.Status switch
        {
            WalletTransactionStatus.Succeeded => V1.TransactionStatus.Succeeded,
            WalletTransactionStatus.Reverted => V1.TransactionStatus.Reverted,
            _ => V1.TransactionStatus.Pending,
        },
        BlockNumber = transaction.BlockNumber ?? 0,
        GasUsed = transaction.GasUsed ?? 0,
    };

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
