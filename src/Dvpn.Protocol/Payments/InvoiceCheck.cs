using System.Numerics;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;

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
    private readonly BigInteger _price;
    private readonly uint _tolerancePpm;
    private readonly ulong _slackBytes;
    private ulong _lastSequence;
    private ulong _lastMetered;

    /// <summary>Creates a checker at the session's price, with a tolerance in parts per million (default 2%) and a
    /// slack in bytes for traffic in flight (default 256 KiB).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative price.</exception>
    public InvoiceCheck(BigInteger pricePerGiB, uint tolerancePpm = 20_000, ulong slackBytes = 256 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pricePerGiB);
        _price = pricePerGiB;
        _tolerancePpm = tolerancePpm;
        _slackBytes = slackBytes;
    }

    /// <summary>The last fair invoice's owed amount.</summary>
    public BigInteger LastOwed { get; private set; }

    /// <summary>Judges <paramref name="invoice"/> against <paramref name="ownBytes"/>, the client's cumulative count.</summary>
    public InvoiceVerdict Check(Invoice invoice, ulong ownBytes)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        if (!WireAmount.TryRead(invoice.Owed, out BigInteger owed) || !WireAmount.TryRead(invoice.Credited, out _))
        {
            return InvoiceVerdict.Malformed;
        }

        if (invoice.Sequence <= _lastSequence || invoice.MeteredBytes < _lastMetered || owed < LastOwed)
        {
            return InvoiceVerdict.NotMonotonic;
        }

        if (owed > Allowance(ownBytes))
        {
            return InvoiceVerdict.OverClaim;
        }

        _lastSequence = invoice.Sequence;
        _lastMetered = invoice.MeteredBytes;
        LastOwed = owed;
        return InvoiceVerdict.Fair;
    }

    /// <summary>
    /// How much more the client should pay now so its credit stays <paramref name="prepay"/> ahead of what it owes:
    /// <c>max(0, min(last fair owed, allowance for ownBytes) + prepay - credited)</c>.
    /// </summary>
    public BigInteger AmountToPay(ulong ownBytes, BigInteger credited, BigInteger prepay)
    {
        BigInteger basis = BigInteger.Min(LastOwed, Allowance(ownBytes));
        return BigInteger.Max(BigInteger.Zero, basis + prepay - credited);
    }

    private BigInteger Allowance(ulong ownBytes) =>
        PaymentMath.Allowance(ownBytes > ulong.MaxValue - _slackBytes ? ulong.MaxValue : ownBytes + _slackBytes, _price, _tolerancePpm);
}
