using System.Numerics;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Payments;

/// <summary>The payment stream's log lines (EventIds 300-399). Amounts are token units; no keys or signatures.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Session {SessionId}: payment stream to {Provider} opened at {Endpoint}")]
    public static partial void PaymentOpened(ILogger logger, string sessionId, string provider, Uri endpoint);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning,
        Message = "Session {SessionId}: invoice {Sequence} claims {Owed} for {MeteredBytes} bytes, above the allowance {Allowance} for the {OwnBytes} bytes measured here (strike {Strike} of {Strikes})")]
    public static partial void InvoiceOverClaim(ILogger logger, string sessionId, ulong sequence, BigInteger owed, ulong meteredBytes,
        BigInteger allowance, ulong ownBytes, int strike, int strikes);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Session {SessionId}: invoice {Sequence} refused: {Verdict}")]
    public static partial void InvoiceRefused(ILogger logger, string sessionId, ulong sequence, InvoiceVerdict verdict);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug,
        Message = "Session {SessionId}: ticket {Nonce} sent: expected value {ExpectedValue}, face value {FaceValue}, win probability {WinProb}/2^64")]
    public static partial void TicketSent(ILogger logger, string sessionId, ulong nonce, BigInteger expectedValue, BigInteger faceValue, ulong winProb);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Session {SessionId}: the provider refused ticket {Nonce}: {Verdict}")]
    public static partial void TicketRefused(ILogger logger, string sessionId, ulong nonce, TicketVerdict verdict);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning,
        Message = "Session {SessionId}: the provider says ticket nonce {Nonce} was already used; later nonces go above it")]
    public static partial void NonceReplayed(ILogger logger, string sessionId, ulong nonce);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information,
        Message = "Session {SessionId}: ticket {Nonce} came too late for the provider's commit; the next uses the new one")]
    public static partial void StaleCommit(ILogger logger, string sessionId, ulong nonce);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Session {SessionId}: the {Cap} spending cap refuses the next ticket ({Spent} of {Limit} spent)")]
    public static partial void CapReached(ILogger logger, string sessionId, Dvpn.Client.Events.SpendCap cap, BigInteger spent, BigInteger limit);

    [LoggerMessage(EventId = 308, Level = LogLevel.Warning, Message = "Session {SessionId}: no ticket can pay the provider: {Problem}")]
    public static partial void CannotSize(ILogger logger, string sessionId, string problem);

    [LoggerMessage(EventId = 309, Level = LogLevel.Information, Message = "Session {SessionId}: payment stream ended ({End}): {Detail}")]
    public static partial void PaymentEnded(ILogger logger, string sessionId, string end, string detail);
}
