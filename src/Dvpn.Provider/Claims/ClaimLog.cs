using System.Numerics;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;

namespace Dvpn.Provider.Claims;

/// <summary>The claim worker's log messages (event ids 5200-5219). Never a signature or a reveal.</summary>
internal static partial class ClaimLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information,
        Message = "Claim {TransactionHash} landed: {Paid} of {Submitted} winning tickets paid, {GasUsed} gas ({GasCost} wei)")]
    public static partial void ClaimLanded(this ILogger logger, string transactionHash, int paid, int submitted,
        BigInteger gasUsed, BigInteger? gasCost);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning,
        Message = "Winning ticket from {Signer} nonce {Nonce} paid nothing in claim {TransactionHash}: {Reason}")]
    public static partial void TicketSkipped(this ILogger logger, EthAddress signer, ulong nonce, string transactionHash, SkipReason reason);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Error,
        Message = "Winning ticket from {Signer} nonce {Nonce} worth {FaceValue} expired unclaimed at {Expiry} (chain time {ChainTime}); " +
                  "claims are not landing in time: check the RPC endpoints, Provider:Claims:MaxGasPrice and Provider:Claims:ExpiryMargin")]
    public static partial void WinnerExpired(this ILogger logger, EthAddress signer, ulong nonce, BigInteger faceValue,
        ulong expiry, ulong chainTime);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning,
        Message = "{Count} winning tickets from {Signer} were already paid on chain (replay record at nonce {HighNonce}): " +
                  "a claim sent before a restart landed; marked claimed without sending again")]
    public static partial void WinnersRecovered(this ILogger logger, int count, EthAddress signer, ulong highNonce);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning,
        Message = "Not claiming {Pending} winning tickets yet: the network gas price {GasPrice} wei is above " +
                  "Provider:Claims:MaxGasPrice {MaxGasPrice} wei; waiting for it to fall")]
    public static partial void GasPriceAboveLimit(this ILogger logger, int pending, BigInteger gasPrice, ulong maxGasPrice);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Warning,
        Message = "Claim pass failed ({Failures} in a row, transient); retrying in {Delay}")]
    public static partial void ClaimFailedTransient(this ILogger logger, Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Error,
        Message = "Claim pass failed ({Failures} in a row); retrying in {Delay} after checking the chain for what landed")]
    public static partial void ClaimFailed(this ILogger logger, Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 5207, Level = LogLevel.Debug,
        Message = "{Pending} winning tickets wait for a full batch of {BatchSize}; the soonest expires at {Expiry}")]
    public static partial void ClaimDeferred(this ILogger logger, int pending, int batchSize, ulong expiry);

    [LoggerMessage(EventId = 5208, Level = LogLevel.Error,
        Message = "Winning ticket from {Signer} nonce {Nonce} cannot be packed for the contract ({Reason}); marked skipped")]
    public static partial void WinnerNotClaimable(this ILogger logger, EthAddress signer, ulong nonce, string reason);

    [LoggerMessage(EventId = 5209, Level = LogLevel.Warning,
        Message = "Could not read back the receipt of claim {TransactionHash} for its gas cost")]
    public static partial void ReceiptUnavailable(this ILogger logger, Exception exception, string transactionHash);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Information,
        Message = "Claim worker started: batches of {BatchSize}, every {Interval}, expiry margin {ExpiryMargin}, " +
                  "max gas price {MaxGasPrice} wei, claiming for {Recipient}")]
    public static partial void WorkerStarted(this ILogger logger, int batchSize, TimeSpan interval, TimeSpan expiryMargin,
        ulong maxGasPrice, string recipient);
}
