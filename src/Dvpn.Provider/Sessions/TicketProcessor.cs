using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Dvpn.Provider.Claims;
using Dvpn.Provider.Metrics;
using Google.Protobuf;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// Judges and books tickets (docs/protocol.md §3.3): parse, <see cref="TicketRules.Check"/>, draw the lottery with
/// the reveal of the ticket's commit, record the ticket durably (<see cref="TicketStore.TryRecord"/>, with the
/// reveal when it won) before anyone hears about it, credit its expected value, rotate the reveal after a win on
/// the current commit, and answer with a receipt. Tickets of one signer are handled one at a time, across all its
/// sessions, so the replay check and the recorded nonce cannot race. Thread-safe.
/// </summary>
internal sealed partial class TicketProcessor
{
    /// <summary>Signers hash onto this many locks; two signers sharing one only wait for each other.</summary>
    private const int SignerLockCount = 64;

    private readonly TicketStore _store;
    private readonly TicketVerifier _verifier;
    private readonly EthAddress _recipient;
    private readonly PaymentSettings _settings;
    private readonly ProviderMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TicketProcessor> _logger;
    private readonly Lock[] _signerLocks;

    /// <summary>Called after a winner was queued (the claim worker's wake-up); must be quick and not throw.</summary>
    public Action? WinnerQueued { get; set; }

    public TicketProcessor(TicketStore store, TicketVerifier verifier, EthAddress recipient, PaymentSettings settings,
        ProviderMetrics metrics, TimeProvider timeProvider, ILogger<TicketProcessor> logger)
    {
        _store = store;
        _verifier = verifier;
        _recipient = recipient;
        _settings = settings;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _signerLocks = new Lock[SignerLockCount];
        for (int i = 0; i < _signerLocks.Length; i++)
        {
            _signerLocks[i] = new Lock();
        }
    }

    /// <summary>
    /// Handles one ticket of <paramref name="session"/>; <paramref name="accountBalance"/> is the account's balance
    /// as last read from the chain. Null when the session ended meanwhile (nothing was recorded). Throws only when
    /// the ticket store cannot write, and then nothing was credited or acknowledged.
    /// </summary>
    public TicketReceipt? Process(Session session, TicketMessage message, BigInteger accountBalance)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(message);
        _metrics.TicketReceived();
        if (!TicketWire.TryRead(message, session.Signer, out SignedTicket? ticket, out string? error))
        {
            LogMalformed(_logger, session.Id, message.Nonce, error);
            return Rejected(session, message.Nonce, TicketVerdict.Malformed);
        }

        Ticket t = ticket.Ticket;
        lock (_signerLocks[(int)((uint)session.Signer.GetHashCode() % SignerLockCount)])
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            ulong lastNonce = _store.GetLastNonce(session.Signer);
            TicketExpectations expectations;
            lock (session.Sync)
            {
                if (session.IsEnded)
                {
                    return null;
                }

                expectations = new TicketExpectations
                {
                    Recipient = _recipient,
                    Funder = session.Funder,
                    Signer = session.Signer,
                    Token = session.Token,
                    Commit = session.Commits.Commit,
                    PreviousCommit = session.Commits.PreviousCommit,
                    PreviousCommitValidUntil = session.Commits.PreviousCommitValidUntil,
                    LastNonce = lastNonce,
                    MinLifetime = _settings.MinTicketLifetime,
                    ClaimCost = _settings.ClaimCost,
                    AccountBalance = accountBalance,
                };
            }

            TicketVerdict verdict = TicketRules.Check(ticket, expectations, _verifier, now);
            if (verdict != TicketVerdict.Accepted)
            {
                LogRejected(_logger, session.Id, t.Nonce, verdict);
                return Rejected(session, t.Nonce, verdict);
            }

            byte[]? reveal;
            bool isCurrent = false;
            lock (session.Sync)
            {
                // Only this method rotates, under the signer's lock, so the commit the rules accepted is still here.
                reveal = session.IsEnded ? null : session.Commits.RevealFor(t.Commit.Span, now, out isCurrent);
            }

            if (reveal is null)
            {
                return null;
            }

            try
            {
                Span<byte> digest = stackalloc byte[TicketDomain.HashSize];
                _verifier.Domain.Digest(t, digest);
                bool won = TicketLottery.IsWinner(reveal, digest, t.WinProb);

                // Money state first: once the client hears "accepted" the ticket must survive a crash.
                if (!_store.TryRecord(ticket, won ? reveal : ReadOnlySpan<byte>.Empty))
                {
                    LogRejected(_logger, session.Id, t.Nonce, TicketVerdict.Replayed);
                    return Rejected(session, t.Nonce, TicketVerdict.Replayed);
                }

                BigInteger value = t.ExpectedValue;
                TicketReceipt receipt;
                lock (session.Sync)
                {
                    session.Ledger.Credit(value);
                    if (won && isCurrent)
                    {
                        // The reveal will be public once claimed: tickets must move to a fresh commit.
                        session.Commits.Rotate(now, _settings.CommitGrace);
                    }

                    receipt = Receipt(session, t.Nonce, TicketVerdict.Accepted);
                }

                _metrics.TicketAccepted(value, won);
                if (won)
                {
                    WinnerQueued?.Invoke();
                    LogWinner(_logger, session.Id, t.Nonce, t.FaceValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    LogAccepted(_logger, session.Id, t.Nonce);
                }

                return receipt;
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(reveal);
            }
        }
    }

    private TicketReceipt Rejected(Session session, ulong nonce, TicketVerdict verdict)
    {
        _metrics.TicketRejected(verdict);
        lock (session.Sync)
        {
            return Receipt(session, nonce, verdict);
        }
    }

    /// <summary>Under the session's lock.</summary>
    private static TicketReceipt Receipt(Session session, ulong nonce, TicketVerdict verdict) => new()
    {
        Nonce = nonce,
        Verdict = verdict,
        Credited = WireAmount.ToBytes(session.Ledger.Credited),
        Commit = ByteString.CopyFrom(session.Commits.Commit.Span),
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Session {SessionId}: ticket {Nonce} accepted")]
    private static partial void LogAccepted(ILogger logger, SessionId sessionId, ulong nonce);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Session {SessionId}: ticket {Nonce} won (face value {FaceValue}); queued for claiming")]
    private static partial void LogWinner(ILogger logger, SessionId sessionId, ulong nonce, string faceValue);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Session {SessionId}: ticket {Nonce} rejected: {Verdict}")]
    private static partial void LogRejected(ILogger logger, SessionId sessionId, ulong nonce, TicketVerdict verdict);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Session {SessionId}: ticket {Nonce} malformed: {Error}")]
    private static partial void LogMalformed(ILogger logger, SessionId sessionId, ulong nonce, string error);
}
