using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// Tickets the provider must refuse on the payment stream, each answered with its verdict, crediting nothing, and
/// leaving the session able to pay with a good ticket afterwards.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class TicketRefusalTests(ProviderLab lab)
{
    /// <summary>A small payment: a lottery ticket that almost never wins, so it does not rotate the commit.</summary>
    private static readonly BigInteger SmallPayment = ProviderLab.ValueOf(64 * 1024);

    [Fact]
    public async Task Ticket_ForAnotherRecipient_IsRefusedAsWrongRecipient()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        Ticket ticket = s.Payment.NewTicketFor(SmallPayment) with { Recipient = new EthAddress(RandomNumberGenerator.GetBytes(EthAddress.Size)) };

        await s.AssertRefusedAsync(ticket, TicketVerdict.WrongRecipient);
    }

    [Fact]
    public async Task Ticket_DrawnOnAnotherFunder_IsRefusedAsWrongAccount()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        Ticket ticket = s.Payment.NewTicketFor(SmallPayment) with { Funder = new EthAddress(RandomNumberGenerator.GetBytes(EthAddress.Size)) };

        await s.AssertRefusedAsync(ticket, TicketVerdict.WrongAccount);
    }

    [Fact]
    public async Task Ticket_IssuedInTheFuture_IsRefusedAsMalformed()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        Ticket ticket = s.Payment.NewTicketFor(SmallPayment);
        ticket = ticket with { Issued = ticket.Issued + 600 };

        await s.AssertRefusedAsync(ticket, TicketVerdict.Malformed);
    }

    [Fact]
    public async Task Ticket_ExpiringBeforeTheMinimumLifetime_IsRefusedAsExpired()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        ulong now = (ulong)lab.Time.GetUtcNow().ToUnixTimeSeconds();
        Ticket soon = s.Payment.NewTicketFor(SmallPayment) with { Expiry = now + 600 };
        Ticket past = s.Payment.NewTicketFor(SmallPayment) with { Expiry = now - 600 };

        await s.AssertRefusedAsync(soon, TicketVerdict.Expired);
        await s.AssertRefusedAsync(past, TicketVerdict.Expired);
    }

    [Fact]
    public async Task Ticket_Replayed_IsRefusedAsReplayed()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        Ticket first = s.Payment.NewTicketFor(SmallPayment);
        TicketMessage signed = TicketWire.ToMessage(s.Account.Signer.Sign(first));
        Assert.Equal(TicketVerdict.Accepted, (await s.Payment.SendAsync(signed)).Verdict);

        // The same bytes again, and a fresh ticket that reuses the nonce.
        await s.AssertRefusedAsync(signed.Clone(), TicketVerdict.Replayed);
        await s.AssertRefusedAsync(s.Payment.NewTicketFor(SmallPayment) with { Nonce = first.Nonce }, TicketVerdict.Replayed);
    }

    [Fact]
    public async Task Ticket_WithACommitTheProviderNeverIssued_IsRefusedAsStaleCommit()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        Ticket ticket = s.Payment.NewTicketFor(SmallPayment) with { Commit = RandomNumberGenerator.GetBytes(Ticket.CommitSize) };

        await s.AssertRefusedAsync(ticket, TicketVerdict.StaleCommit);
    }

    [Fact]
    public async Task Ticket_WithThePreviousCommit_IsAcceptedDuringTheGrace_AndRefusedAsStaleAfterIt()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        Ticket winner = s.Payment.NewWinningTicket();
        TicketReceipt won = await s.Payment.PayAsync(winner);
        DateTimeOffset rotatedAt = lab.Time.GetUtcNow();
        Assert.Equal(TicketVerdict.Accepted, won.Verdict);
        Assert.False(won.Commit.Span.SequenceEqual(winner.Commit.Span), "a win must rotate the commit");

        TicketReceipt inGrace = await s.Payment.PayAsync(s.Payment.NewTicketFor(SmallPayment) with { Commit = winner.Commit });
        Assert.True(lab.Time.GetUtcNow() - rotatedAt < ProviderLab.CommitGrace, "the grace check ran too late to mean anything");
        Assert.Equal(TicketVerdict.Accepted, inGrace.Verdict);

        // Waiting out a configured window is the point here, not a readiness guess.
        TimeSpan left = rotatedAt + ProviderLab.CommitGrace + TimeSpan.FromSeconds(1) - lab.Time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        await s.AssertRefusedAsync(s.Payment.NewTicketFor(SmallPayment) with { Commit = winner.Commit }, TicketVerdict.StaleCommit);
    }

    [Fact]
    public async Task Ticket_WorthNoMoreThanItsClaimGas_IsRefusedAsBelowClaimCost()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        Assert.True(s.Session.Terms.ClaimCost > 0, "the provider must announce a claim cost");

        // Face value equal to the claim cost: a win would pay exactly the gas, so nothing is left.
        Ticket ticket = s.Payment.NewTicket(s.Session.Terms.ClaimCost, ulong.MaxValue);

        await s.AssertRefusedAsync(ticket, TicketVerdict.BelowClaimCost);
    }

    [Fact]
    public async Task Ticket_LargerThanTheAccountBalance_IsRefusedAsUnfunded()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        BigInteger balance = (await s.Account.GetAsync()).Balance;
        Ticket ticket = s.Payment.NewTicket(balance + 1, winProb: 1UL << 32);

        await s.AssertRefusedAsync(ticket, TicketVerdict.Unfunded);
    }

    [Fact]
    public async Task Ticket_SignedByAnotherKey_IsRefusedAsBadSignature()
    {
        await using PayingSession s = await PayingSession.OpenAsync(lab);
        using SignerKey otherKey = SignerKey.Generate();
        using var other = new TicketSigner(otherKey, lab.Client.Domain);
        TicketMessage forged = TicketWire.ToMessage(other.Sign(s.Payment.NewTicketFor(SmallPayment)));

        await s.AssertRefusedAsync(forged, TicketVerdict.BadSignature);
    }

    /// <summary>A session with its tunnel and payment stream up, paying nothing on its own.</summary>
    private sealed class PayingSession : IAsyncDisposable
    {
        private PayingSession(ClientAccount account, ClientSession session, PaymentStream payment)
        {
            Account = account;
            Session = session;
            Payment = payment;
        }

        public ClientAccount Account { get; }

        public ClientSession Session { get; }

        public PaymentStream Payment { get; }

        public static async Task<PayingSession> OpenAsync(ProviderLab lab)
        {
            await lab.EnsureProviderAsync();
            ClientAccount account = await lab.NewFundedAccountAsync();
            ClientSession session = await lab.Client.ConnectAsync(account, lab.ProviderAddress);
            PaymentStream payment = await session.StartPaymentAsync(PaymentPolicy.None);
            return new PayingSession(account, session, payment);
        }

        public Task AssertRefusedAsync(Ticket ticket, TicketVerdict expected) =>
            AssertRefusedAsync(TicketWire.ToMessage(Account.Signer.Sign(ticket)), expected);

        /// <summary>The ticket gets <paramref name="expected"/> and no credit, and a good ticket after it is still accepted.</summary>
        public async Task AssertRefusedAsync(TicketMessage ticket, TicketVerdict expected)
        {
            BigInteger before = Credited();
            TicketReceipt receipt = await Payment.SendAsync(ticket);
            Assert.Equal(expected, receipt.Verdict);
            Assert.Equal(ticket.Nonce, receipt.Nonce);
            Assert.Equal(before, SessionTerms.Amount(receipt.Credited, "credited"));

            TicketReceipt good = await Payment.PayAsync(Payment.NewTicketFor(SmallPayment));
            Assert.Equal(TicketVerdict.Accepted, good.Verdict);
            Assert.True(SessionTerms.Amount(good.Credited, "credited") > before, "a good ticket after a refused one must be credited");
        }

        public async ValueTask DisposeAsync()
        {
            await Payment.DisposeAsync();
            await Session.DisposeAsync();
            Account.Dispose();
        }

        private BigInteger Credited()
        {
            IReadOnlyList<TicketReceipt> receipts = Payment.Receipts;
            return receipts.Count == 0 ? BigInteger.Zero : SessionTerms.Amount(receipts[^1].Credited, "credited");
        }
    }
}
