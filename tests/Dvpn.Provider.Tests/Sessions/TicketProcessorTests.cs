using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Dvpn.Provider.Claims;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Provider.Tests.Sessions;

/// <summary>
/// Ticket handling (docs/protocol.md §3.3) against a real <see cref="TicketStore"/> on disk. Win or loss is not left
/// to chance: the test reads the session's reveal and picks a nonce whose draw gives the outcome it needs.
/// </summary>
public sealed class TicketProcessorTests : IDisposable
{
    /// <summary>A 50% win probability: expected value = face value / 2, and either outcome is a few nonces away.</summary>
    private const ulong HalfChance = 1UL << 63;
    private static readonly BigInteger Balance = BigInteger.Pow(10, 18);

    private readonly SessionKit _kit = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dvpn-provider-tickets-").FullName;
    private TicketStore _store;
    private TicketProcessor _processor;

    public TicketProcessorTests()
    {
        _store = TicketStore.Open(Path.Combine(_directory, "provider.db"));
        _processor = NewProcessor();
    }

    [Fact]
    public void Process_LosingTicket_AcceptedCreditedByExpectedValueAndNonceRecorded()
    {
        using Session session = _kit.OpenSession();
        byte[] commitBefore = session.Commits.Commit.ToArray();
        SignedTicket ticket = Pick(session, win: false, firstNonce: 1);

        TicketReceipt receipt = Process(session, ticket);

        Assert.Equal(TicketVerdict.Accepted, receipt.Verdict);
        Assert.Equal(ticket.Ticket.Nonce, receipt.Nonce);
        Assert.Equal(ticket.Ticket.ExpectedValue, Amount(receipt.Credited));
        Assert.Equal(ticket.Ticket.ExpectedValue, session.Ledger.Credited);
        Assert.Equal(ticket.Ticket.Nonce, _store.GetLastNonce(session.Signer));
        Assert.Equal(commitBefore, receipt.Commit.ToByteArray()); // a loss does not rotate
    }

    [Fact]
    public void Process_WinningTicket_RotatesCommitAndWakesTheClaimWorker()
    {
        using Session session = _kit.OpenSession();
        byte[] commitBefore = session.Commits.Commit.ToArray();
        int wakes = 0;
        _processor.WinnerQueued = () => wakes++;
        SignedTicket ticket = Pick(session, win: true, firstNonce: 1);

        TicketReceipt receipt = Process(session, ticket);

        Assert.Equal(TicketVerdict.Accepted, receipt.Verdict);
        Assert.Equal(1, wakes);
        Assert.NotEqual(commitBefore, receipt.Commit.ToByteArray());
        Assert.Equal(session.Commits.Commit.ToArray(), receipt.Commit.ToByteArray());
        Assert.Equal(commitBefore, session.Commits.PreviousCommit.ToArray());
        Assert.Equal(ticket.Ticket.ExpectedValue, session.Ledger.Credited);
    }

    [Fact]
    public void Process_PreviousCommitWithinGrace_AcceptedAndAfterGrace_StaleCommit()
    {
        using Session session = _kit.OpenSession();
        byte[] oldCommit = session.Commits.Commit.ToArray();
        SignedTicket winner = Pick(session, win: true, firstNonce: 1);
        Assert.Equal(TicketVerdict.Accepted, Process(session, winner).Verdict);

        _kit.Time.Advance(_kit.Settings.CommitGrace - TimeSpan.FromSeconds(1));
        SignedTicket inGrace = Pick(session, win: false, firstNonce: winner.Ticket.Nonce + 1, commit: oldCommit);
        Assert.Equal(TicketVerdict.Accepted, Process(session, inGrace).Verdict);

        _kit.Time.Advance(TimeSpan.FromSeconds(1));
        SignedTicket late = _kit.Ticket(session, inGrace.Ticket.Nonce + 1, HalfChance, commit: oldCommit);
        TicketReceipt receipt = Process(session, late);
        Assert.Equal(TicketVerdict.StaleCommit, receipt.Verdict);
        Assert.Equal(winner.Ticket.ExpectedValue + inGrace.Ticket.ExpectedValue, session.Ledger.Credited);
    }

    [Fact]
    public void Process_SameNonceTwice_SecondIsReplayedAndNotCredited()
    {
        using Session session = _kit.OpenSession();
        SignedTicket ticket = Pick(session, win: false, firstNonce: 5);
        Process(session, ticket);

        TicketReceipt again = Process(session, ticket);
        TicketReceipt lower = Process(session, _kit.Ticket(session, ticket.Ticket.Nonce - 1, HalfChance));

        Assert.Equal(TicketVerdict.Replayed, again.Verdict);
        Assert.Equal(TicketVerdict.Replayed, lower.Verdict);
        Assert.Equal(ticket.Ticket.ExpectedValue, session.Ledger.Credited);
    }

    [Fact]
    public void Process_NonceUsedInAnotherSessionOfTheSigner_IsReplayed()
    {
        using Session first = _kit.OpenSession();
        using Session second = _kit.OpenSession();
        SignedTicket ticket = Pick(first, win: false, firstNonce: 10);
        Process(first, ticket);

        TicketReceipt receipt = Process(second, _kit.Ticket(second, ticket.Ticket.Nonce, HalfChance));

        Assert.Equal(TicketVerdict.Replayed, receipt.Verdict);
        Assert.Equal(BigInteger.Zero, second.Ledger.Credited);
    }

    [Fact]
    public void Process_NonceRecordedBeforeARestart_IsReplayedAfterIt()
    {
        using Session session = _kit.OpenSession();
        SignedTicket ticket = Pick(session, win: false, firstNonce: 3);
        Process(session, ticket);

        _store.Dispose();
        _store = TicketStore.Open(Path.Combine(_directory, "provider.db"));
        _processor = NewProcessor();
        using Session later = _kit.OpenSession();

        Assert.Equal(TicketVerdict.Replayed, Process(later, _kit.Ticket(later, ticket.Ticket.Nonce, HalfChance)).Verdict);
    }

    [Fact]
    public void Process_FaceValueAtClaimCost_BelowClaimCost()
    {
        using Session session = _kit.OpenSession();

        TicketReceipt receipt = Process(session, _kit.Ticket(session, 1, HalfChance, faceValue: _kit.Settings.ClaimCost));

        Assert.Equal(TicketVerdict.BelowClaimCost, receipt.Verdict);
        Assert.Equal(0UL, _store.GetLastNonce(session.Signer));
    }

    [Fact]
    public void Process_FaceValueAboveBalance_Unfunded()
    {
        using Session session = _kit.OpenSession();

        TicketReceipt receipt = _processor.Process(session, TicketWire.ToMessage(_kit.Ticket(session, 1, HalfChance, faceValue: 2_000_000)),
            accountBalance: 1_999_999)!;

        Assert.Equal(TicketVerdict.Unfunded, receipt.Verdict);
    }

    [Fact]
    public void Process_SignedByAnotherKey_BadSignature()
    {
        using Session session = _kit.OpenSession();
        using var otherKey = SignerKey.Generate();
        using var other = new TicketSigner(otherKey, _kit.Domain);

        TicketReceipt receipt = Process(session, _kit.Ticket(session, 1, HalfChance, signer: other));

        Assert.Equal(TicketVerdict.BadSignature, receipt.Verdict);
        Assert.Equal(BigInteger.Zero, session.Ledger.Credited);
    }

    [Fact]
    public void Process_ForAnotherRecipient_WrongRecipient()
    {
        using Session session = _kit.OpenSession();

        TicketReceipt receipt = Process(session, _kit.Ticket(session, 1, HalfChance, recipient: SessionKit.Funder));

        Assert.Equal(TicketVerdict.WrongRecipient, receipt.Verdict);
    }

    [Fact]
    public void Process_ExpiringBeforeMinimumLifetime_Expired()
    {
        using Session session = _kit.OpenSession();

        TicketReceipt receipt = Process(session,
            _kit.Ticket(session, 1, HalfChance, lifetime: _kit.Settings.MinTicketLifetime - TimeSpan.FromSeconds(1)));

        Assert.Equal(TicketVerdict.Expired, receipt.Verdict);
    }

    [Fact]
    public void Process_GarbageFields_MalformedWithoutThrowing()
    {
        using Session session = _kit.OpenSession();
        var garbage = new TicketMessage { Recipient = Google.Protobuf.ByteString.CopyFrom(1, 2, 3), Nonce = 9 };

        TicketReceipt receipt = _processor.Process(session, garbage, Balance)!;

        Assert.Equal(TicketVerdict.Malformed, receipt.Verdict);
        Assert.Equal(9UL, receipt.Nonce);
    }

    [Fact]
    public void Process_EndedSession_ReturnsNullAndRecordsNothing()
    {
        Session session = _kit.OpenSession();
        SignedTicket ticket = Pick(session, win: false, firstNonce: 1);
        session.TryEnd(CutOffReason.Closed, "closed");
        session.Dispose();

        Assert.Null(_processor.Process(session, TicketWire.ToMessage(ticket), Balance));
        Assert.Equal(0UL, _store.GetLastNonce(session.Signer));
    }

    [Fact]
    public void Process_AcceptedTicket_MovesThePausePointByExactlyItsExpectedValue()
    {
        using Session session = _kit.OpenSession();
        SignedTicket ticket = Pick(session, win: false, firstNonce: 1);
        Process(session, ticket);
        var paid = (ulong)ticket.Ticket.ExpectedValue;
        DateTimeOffset now = _kit.Time.GetUtcNow();

        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + paid, 0, now), now);
        Assert.Equal(ForwardingChange.None, session.CheckForwarding(now));

        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + paid + 1, 0, now), now);
        Assert.Equal(ForwardingChange.Pause, session.CheckForwarding(now));
    }

    public void Dispose()
    {
        _store.Dispose();
        _kit.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private TicketProcessor NewProcessor() =>
        new(_store, _kit.Verifier, SessionKit.Provider, _kit.Settings, _kit.Metrics, _kit.Time, NullLogger<TicketProcessor>.Instance);

    private TicketReceipt Process(Session session, SignedTicket ticket) =>
        _processor.Process(session, TicketWire.ToMessage(ticket), Balance) ?? throw new InvalidOperationException("session ended");

    /// <summary>The first ticket from <paramref name="firstNonce"/> on whose draw, with the reveal of its commit, is <paramref name="win"/>.</summary>
    private SignedTicket Pick(Session session, bool win, ulong firstNonce, ReadOnlyMemory<byte>? commit = null)
    {
        for (ulong nonce = firstNonce; ; nonce++)
        {
            SignedTicket ticket = _kit.Ticket(session, nonce, HalfChance, commit: commit);
            byte[] reveal;
            lock (session.Sync)
            {
                reveal = session.Commits.RevealFor(ticket.Ticket.Commit.Span, _kit.Time.GetUtcNow(), out _)
                    ?? throw new InvalidOperationException("the commit is not accepted");
            }

            if (TicketLottery.IsWinner(reveal, _kit.Domain.Digest(ticket.Ticket), HalfChance) == win)
            {
                return ticket;
            }
        }
    }

    private static BigInteger Amount(Google.Protobuf.ByteString bytes) =>
        WireAmount.TryRead(bytes, out BigInteger value) ? value : throw new FormatException("bad amount");
}
