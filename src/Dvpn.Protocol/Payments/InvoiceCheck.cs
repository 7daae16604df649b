using System.Numerics;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Payments;

/// <summary>What a client concludes from an invoice.</summary>
public enum InvoiceVerdict
{
    /// <summary>Within what the client measured; pay up to <see cref="InvoiceCheck.AmountToPay"/>.</summary>
    Fair = 1,
    /// <summary>A field is missing or the wrong size.</summary>
    Malformed,
    /// <summary>A cumulative figure went down, or the sequence did not increase.</summary>
    NotMonotonic,
    /// <summary>Owed exceeds the client's own measure times (1 + tolerance): refuse, record, leave.</summary>
    OverClaim,
}

/// <summary>
/// The client's side of the payment rules (docs/protocol.md §3.3): invoices are judged against the client's own byte
/// count, never trusted. Not thread-safe; one per session.
/// </summary>
public sealed class InvoiceCheck
{
    /// <summary>Creates a checker at the session's price, with a tolerance in parts per million (default 2%) and a
    /// slack in bytes for traffic in flight (default 256 KiB).</summary>
    public InvoiceCheck(BigInteger pricePerGiB, uint tolerancePpm = 20_000, ulong slackBytes = 256 * 1024) =>
        throw new NotImplementedException();

    /// <summary>The last fair invoice's owed amount.</summary>
    public BigInteger LastOwed => throw new NotImplementedException();

    /// <summary>Judges <paramref name="invoice"/> against <paramref name="ownBytes"/>, the client's cumulative count.</summary>
    public InvoiceVerdict Check(Invoice invoice, ulong ownBytes) => throw new NotImplementedException();

    /// <summary>
    /// How much more the client should pay now so its credit stays <paramref name="prepay"/> ahead of what it owes by
    /// its own measure: <c>max(0, min(owed_fair, allowance) + prepay - credited)</c>.
    /// </summary>
    public BigInteger AmountToPay(ulong ownBytes, BigInteger credited, BigInteger prepay) => throw new NotImplementedException();
}
