using System.Numerics;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Rpc;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Dvpn.Chain;

/// <summary>
/// One connection to an EVM chain: the RPC endpoints (with failover), the chain id read from the node, and
/// optionally the key that signs this side's transactions. Contract clients are built on it.
/// </summary>
public sealed class ChainConnection
{
    private ChainConnection(IWeb3 web3, BigInteger chainId, string? address, FailoverRpcClient rpc)
    {
        Web3 = web3;
        ChainId = chainId;
        Address = address;
        Rpc = rpc;
    }

    /// <summary>The chain id the node reported.</summary>
    public BigInteger ChainId { get; }

    /// <summary>The address that sends transactions, or null for a read-only connection.</summary>
    public string? Address { get; }

    /// <summary>The failover client all calls go through.</summary>
    public FailoverRpcClient Rpc { get; }

    internal IWeb3 Web3 { get; }

    /// <summary>
    /// Connects to <paramref name="endpoints"/> and reads the chain id. With <paramref name="transactionKey"/> the
    /// connection can send transactions, signed locally (the node never sees the key).
    /// </summary>
    /// <param name="endpoints">JSON-RPC URLs, tried in order.</param>
    /// <param name="transactionKey">The key that pays gas and signs transactions; null for read-only use.</param>
    /// <param name="expectedChainId">When set, the node must report this chain id.</param>
    /// <param name="options">Retry settings.</param>
    /// <param name="timeProvider">Clock for backoff.</param>
    /// <param name="loggerFactory">Logging; nothing is logged when null.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    public static async Task<ChainConnection> ConnectAsync(IReadOnlyList<Uri> endpoints, EthECKey? transactionKey = null,
        BigInteger? expectedChainId = null, RpcFailoverOptions? options = null, TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var rpc = new FailoverRpcClient(endpoints, options, timeProvider, loggerFactory?.CreateLogger<FailoverRpcClient>());
        IWeb3 probe = new Web3(rpc);
        BigInteger chainId = (await CallAsync(() => probe.Eth.ChainId.SendRequestAsync(), "eth_chainId", cancellationToken).ConfigureAwait(false)).Value;
        if (expectedChainId is { } expected && expected != chainId)
        {
            throw new ChainException($"the RPC node is on chain {chainId}, expected {expected}", isTransient: false);
        }

        if (transactionKey is null)
        {
            return new ChainConnection(probe, chainId, null, rpc);
        }

        var account = new Account(transactionKey, chainId);
        var web3 = new Web3(account, rpc);
        web3.TransactionManager.UseLegacyAsDefault = false;
        return new ChainConnection(web3, chainId, account.Address, rpc);
    }

    /// <summary>Connects read-only to a single endpoint.</summary>
    public static Task<ChainConnection> ConnectAsync(Uri endpoint, EthECKey? transactionKey = null,
        CancellationToken cancellationToken = default) =>
        ConnectAsync([endpoint], transactionKey, cancellationToken: cancellationToken);

    /// <summary>The latest block's timestamp (unix seconds): the chain's own clock, which tickets expire by.</summary>
    public async Task<ulong> GetLatestBlockTimestampAsync(CancellationToken cancellationToken = default)
    {
        BlockWithTransactionHashes block = await CallAsync(() => Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(BlockParameter.CreateLatest()), "eth_getBlockByNumber", cancellationToken).ConfigureAwait(false);
        return (ulong)block.Timestamp.Value;
    }

    /// <summary>The latest block's EIP-1559 base fee per gas in wei; zero on a chain without one.</summary>
    public async Task<BigInteger> GetBaseFeeAsync(CancellationToken cancellationToken = default)
    {
        BlockWithTransactionHashes block = await CallAsync(() => Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(BlockParameter.CreateLatest()), "eth_getBlockByNumber", cancellationToken).ConfigureAwait(false);
        return block.BaseFeePerGas?.Value ?? BigInteger.Zero;
    }

    /// <summary>The native coin balance of <paramref name="address"/>, in wei.</summary>
    public async Task<BigInteger> GetNativeBalanceAsync(string address, CancellationToken cancellationToken = default) =>
        (await CallAsync(() => Web3.Eth.GetBalance.SendRequestAsync(address), "eth_getBalance", cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The node's current gas price suggestion, in wei.</summary>
    public async Task<BigInteger> GetGasPriceAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(() => Web3.Eth.GasPrice.SendRequestAsync(), "eth_gasPrice", cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The latest block number.</summary>
    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken = default) =>
        (ulong)(await CallAsync(() => Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), "eth_blockNumber", cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The receipt of a mined transaction (eth_getTransactionReceipt): status, block, gas used, sender and
    /// recipient. Null when the node has no mined transaction with this hash (unknown, or still pending).</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(string hash, CancellationToken cancellationToken = default) =>
        await CallAsync(() => Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash), "eth_getTransactionReceipt", cancellationToken)
            .ConfigureAwait(false);

    /// <summary>The transaction itself (eth_getTransactionByHash), mined or pending; null when the node does not know it.</summary>
    public async Task<Transaction?> GetTransactionAsync(string hash, CancellationToken cancellationToken = default) =>
        await CallAsync(() => Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash), "eth_getTransactionByHash", cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Runs a plain RPC read, turning whatever Nethereum throws into a <see cref="ChainException"/>.</summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, string method, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not ChainException)
        {
            throw Translate(e, method);
        }
    }

    internal string RequireSender() =>
        Address ?? throw new InvalidOperationException("this connection is read-only: connect with a transaction key to send transactions");

    /// <summary>Gas limit sent = estimate × this / 100 + <see cref="GasMarginFixed"/>.</summary>
    internal const int GasMarginPercent = 125;

    /// <summary>See <see cref="GasMarginPercent"/>.</summary>
    internal const int GasMarginFixed = 10_000;

    internal async Task<TransactionReceipt> SendAsync<TFunction>(string contract, TFunction message, string operation,
        CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        RequireSender();
        TransactionReceipt receipt;
        try
        {
            var handler = Web3.Eth.GetContractTransactionHandler<TFunction>();
            if (message.Gas is null)
            {
                // The estimate is made against the chain as it is now; transactions that land before ours in the
                // same block (two providers registering at once: each insert deepens the Directory's tree) can make
                // ours cost more. Unused gas is refunded, so a margin costs nothing but headroom.
                HexBigInteger estimate = await handler.EstimateGasAsync(contract, message).ConfigureAwait(false);
                message.Gas = (estimate.Value * GasMarginPercent / 100) + GasMarginFixed;
            }

            receipt = await handler.SendRequestAndWaitForReceiptAsync(contract, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not ChainException)
        {
            throw TranslateSend(e, operation);
        }
        catch (ChainException e) when (e.IsTransient)
        {
            // The node may have taken the transaction before the connection failed: a blind retry could send it
            // twice (with a fresh nonce). Never transient; the caller must look for the effect first.
            throw new ChainException($"{operation}: the transaction's outcome is unknown ({e.Message}); check the chain before sending again", isTransient: false, e);
        }

        if (receipt.Status?.Value != 1)
        {
            throw new ContractRevertException($"{operation} reverted in block {receipt.BlockNumber?.Value} (tx {receipt.TransactionHash})", null, null, null);
        }

        return receipt;
    }

    internal async Task<TOutput> QueryAsync<TFunction, TOutput>(string contract, TFunction message, string operation,
        CancellationToken cancellationToken, BlockParameter? block = null)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            return await Web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TOutput>(contract, message, block)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not ChainException)
        {
            throw Translate(e, operation);
        }
    }

    internal async Task<TOutput> QueryDtoAsync<TFunction, TOutput>(string contract, TFunction message, string operation,
        CancellationToken cancellationToken, BlockParameter? block = null)
        where TFunction : FunctionMessage, new()
        where TOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO, new()
    {
        try
        {
            return await Web3.Eth.GetContractQueryHandler<TFunction>().QueryDeserializingToObjectAsync<TOutput>(message, contract, block)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not ChainException)
        {
            throw Translate(e, operation);
        }
    }

    internal async Task<string> DeployAsync<TDeployment>(TDeployment deployment, string name, CancellationToken cancellationToken)
        where TDeployment : ContractDeploymentMessage, new()
    {
        RequireSender();
        try
        {
            TransactionReceipt receipt = await Web3.Eth.GetContractDeploymentHandler<TDeployment>()
                .SendRequestAndWaitForReceiptAsync(deployment, cancellationToken).ConfigureAwait(false);
            if (receipt.Status?.Value != 1 || string.IsNullOrEmpty(receipt.ContractAddress))
            {
                throw new ContractRevertException($"deploying {name} failed (tx {receipt.TransactionHash})", null, null, null);
            }

            return receipt.ContractAddress;
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not ChainException)
        {
            throw TranslateSend(e, $"deploy {name}");
        }
        catch (ChainException e) when (e.IsTransient)
        {
            throw new ChainException($"deploy {name}: the transaction's outcome is unknown ({e.Message}); check the chain before sending again", isTransient: false, e);
        }
    }

    /// <summary>
    /// For transactions: a revert (found while estimating gas, before anything was sent) is a
    /// <see cref="ContractRevertException"/>; any other failure leaves the outcome unknown and is never transient.
    /// </summary>
    private static ChainException TranslateSend(Exception e, string operation) =>
        ContractErrors.FromException(e, operation)
        ?? (IsNodeAnswer(e)
            // The node answered with an error (gas estimate failed, nonce too low, underpriced...): nothing was sent.
            ? new ChainException($"{operation} was refused by the node: {e.Message}", isTransient: false, e)
            : new ChainException($"{operation}: the transaction's outcome is unknown ({e.Message}); check the chain before sending again", isTransient: false, e));

    private static bool IsNodeAnswer(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is Nethereum.JsonRpc.Client.RpcResponseException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A revert becomes a <see cref="ContractRevertException"/>; anything else a <see cref="ChainException"/>.</summary>
    private static ChainException Translate(Exception e, string operation) =>
        ContractErrors.FromException(e, operation)
        ?? new ChainException($"{operation} failed: {e.Message}", FailoverRpcClient.IsTransient(e), e);
}
