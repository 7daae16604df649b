using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;

namespace Dvpn.Provider.Tests.Support.Client;

/// <summary>A session's <see cref="PaymentTerms"/> read into numbers; fails the test on a malformed field.</summary>
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
    public static SessionTerms Read(PaymentTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return new SessionTerms(
            Amount(terms.PricePerGib, "price_per_gib"),
            Amount(terms.CreditLimit, "credit_limit"),
            WireAddress.TryRead(terms.Recipient, out EthAddress recipient) ? recipient : throw new InvalidDataException("terms.recipient is not an address"),
            terms.Commit.Length == Ticket.CommitSize ? terms.Commit.ToByteArray() : throw new InvalidDataException("terms.commit is not 32 bytes"),
            TimeSpan.FromSeconds(terms.MinTicketLifetime),
            Amount(terms.ClaimCost, "claim_cost"),
            Amount(terms.SuggestedFaceValue, "suggested_face_value"),
            TimeSpan.FromMilliseconds(terms.InvoiceIntervalMs));
    }

    public static BigInteger Amount(Google.Protobuf.ByteString bytes, string field) =>
        WireAmount.TryRead(bytes, out BigInteger value) ? value : throw new InvalidDataException($"{field} is not a uint256");
}
