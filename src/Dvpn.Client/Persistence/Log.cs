using System.Numerics;
using Dvpn.Client.Events;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Persistence;

/// <summary>The ledger's log messages (event ids 100-199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Opened the client ledger {Path} (schema version {SchemaVersion}, created {Created})")]
    public static partial void Opened(ILogger logger, string path, int schemaVersion, bool created);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug,
        Message = "Ticket authorized in session {SessionId}: nonce {Nonce}, expected value {ExpectedValue}")]
    public static partial void TicketAuthorized(ILogger logger, string sessionId, ulong nonce, BigInteger expectedValue);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Ticket refused in session {SessionId}: the {Cap} cap {Limit} would be passed (spent {Spent}, ticket {ExpectedValue})")]
    public static partial void CapReached(ILogger logger, SpendCap cap, string sessionId, BigInteger spent, BigInteger expectedValue, BigInteger limit);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information,
        Message = "Spend passed the warning share of the {Cap} cap: {Spent} of {Limit}")]
    public static partial void SpendWarningCrossed(ILogger logger, SpendCap cap, BigInteger spent, BigInteger limit);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information,
        Message = "Nonce floor of signer {Signer} raised from {Last} to {AtLeast}")]
    public static partial void NonceFloorRaised(ILogger logger, string signer, ulong last, ulong atLeast);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning,
        Message = "Session {SessionId} is already in the history; the first record is kept")]
    public static partial void SessionAlreadyRecorded(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug,
        Message = "Session {SessionId} is unknown or already ended; its {What} was not recorded")]
    public static partial void SessionNotRunning(ILogger logger, string sessionId, string what);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning,
        Message = "Provider mark of {Address} has an unknown reason {Reason}; the provider is still avoided")]
    public static partial void UnknownMarkReason(ILogger logger, string address, long reason);
}
