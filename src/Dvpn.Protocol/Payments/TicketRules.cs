using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Payments;

/// <summary>
/// The provider's verdict on one ticket (docs/protocol.md §3.3), shared so a client can check its own tickets the
/// same way. Cheap checks run first; the signature last. Never throws for untrusted input.
/// </summary>
public static class TicketRules
{
    /// <summary>
    /// <see cref="TicketVerdict.Accepted"/> or the first rule the ticket breaks, in this order: recipient, account
    /// (funder, token), commit, issued time, expiry, replay, claim cost, funded, signature (which also binds the
    /// ticket to the verifier's chain and lottery).
    /// </summary>
    public static TicketVerdict Check(SignedTicket ticket, TicketExpectations expectations, TicketVerifier verifier,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(expectations);
        ArgumentNullException.ThrowIfNull(verifier);
        Ticket t = ticket.Ticket;
        long unixNow = now.ToUnixTimeSeconds();

        if (t.Recipient != expectations.Recipient)
        {
            return TicketVerdict.WrongRecipient;
        }

        if (t.Funder != expectations.Funder || t.Token != expectations.Token || ticket.Signer != expectations.Signer)
        {
            return TicketVerdict.WrongAccount;
        }

        if (!IsAcceptedCommit(t.Commit.Span, expectations, now))
        {
            return TicketVerdict.StaleCommit;
        }

        if (t.Issued > (ulong)Math.Max(0, unixNow + (long)expectations.MaxClockSkew.TotalSeconds))
        {
            return TicketVerdict.Malformed;
        }

        // The provider needs MinLifetime to get the ticket claimed; a ticket that ends sooner is as good as expired.
        if (t.Expiry < (ulong)Math.Max(0, unixNow + (long)expectations.MinLifetime.TotalSeconds))
        {
            return TicketVerdict.Expired;
        }

        if (t.Nonce <= expectations.LastNonce)
        {
            return TicketVerdict.Replayed;
        }

        // Expected value net of claim gas = winProb/2^64 * (faceValue - claimCost): positive only above the cost.
        if (t.FaceValue <= expectations.ClaimCost)
        {
            return TicketVerdict.BelowClaimCost;
        }

        if (t.FaceValue > expectations.AccountBalance)
        {
            return TicketVerdict.Unfunded;
        }

        return verifier.Verify(ticket, expectations.Signer) ? TicketVerdict.Accepted : TicketVerdict.BadSignature;
    }

    private static bool IsAcceptedCommit(ReadOnlySpan<byte> commit, TicketExpectations expectations, DateTimeOffset now) =>
        commit.SequenceEqual(expectations.Commit.Span)
        || (!expectations.PreviousCommit.IsEmpty && now < expectations.PreviousCommitValidUntil
            && commit.SequenceEqual(expectations.PreviousCommit.Span));
}
