using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;

namespace Dvpn.Client.Payments;

/// <summary>A session's <see cref="PaymentTerms"/> read into numbers.</summary>
internal sealed record SessionTerms(
    BigInteger PricePerGiB,
    BigInteger CreditLimit,
    EthAddress Recipient,
    byte[] Commit,
    TimeSpan MinTicketLifetime,
    BigInteger ClaimCost,
    BigInteger SuggestedFaceValue,
    TimeSpan InvoiceInterval)
{
    /// <summary>Reads the terms; false with a reason when a field is malformed.</summary>
    public static bool TryRead(PaymentTerms? terms, [NotNullWhen(true)] out SessionTerms? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (terms is null)
        {
            error = "the response has no payment terms";
            return false;
        }

        if (!WireAmount.TryRead(terms.PricePerGib, out BigInteger price)) { error = "terms.price_per_gib is not a uint256"; return false; }
        if (!WireAmount.TryRead(terms.CreditLimit, out BigInteger credit)) { error = "terms.credit_limit is not a uint256"; return false; }
        if (!WireAddress.TryRead(terms.Recipient, out EthAddress recipient)) { error = "terms.recipient is not an address"; return false; }
        if (terms.Commit.Length != Ticket.CommitSize) { error = "terms.commit is not 32 bytes"; return false; }
        if (!WireAmount.TryRead(terms.ClaimCost, out BigInteger claimCost)) { error = "terms.claim_cost is not a uint256"; return false; }
        if (!WireAmount.TryRead(terms.SuggestedFaceValue, out BigInteger face)) { error = "terms.suggested_face_value is not a uint256"; return false; }
        if (terms.MinTicketLifetime > (ulong)TimeSpan.FromDays(30).TotalSeconds) { error = "terms.min_ticket_lifetime is longer than 30 days"; return false; }

        read = new SessionTerms(price, credit, recipient, terms.Commit.ToByteArray(), TimeSpan.FromSeconds(terms.MinTicketLifetime), claimCost, face,
            TimeSpan.FromMilliseconds(terms.InvoiceIntervalMs));
        error = null;
        return true;
    }
}
