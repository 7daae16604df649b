using System.Numerics;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Google.Protobuf;

namespace Dvpn.Protocol.Tests.Payments;

public sealed class InvoiceCheckTests
{
    private static readonly BigInteger PricePerGiB = BigInteger.Pow(10, 15);
    private const ulong MiB = 1 << 20;

    private static Invoice Invoice(ulong sequence, ulong metered) => new()
    {
        Sequence = sequence,
        MeteredBytes = metered,
        Owed = WireAmount.ToBytes(PaymentMath.Owed(metered, PricePerGiB)),
        Credited = ByteString.Empty,
    };

    [Fact]
    public void Invoice_WithinOwnCount_IsFair()
    {
        var check = new InvoiceCheck(PricePerGiB, tolerancePpm: 20_000, slackBytes: 0);
        Assert.Equal(InvoiceVerdict.Fair, check.Check(Invoice(1, 10 * MiB), 10 * MiB));
        Assert.Equal(InvoiceVerdict.Fair, check.Check(Invoice(2, 102 * MiB / 10), 10 * MiB)); // +2%
        Assert.Equal(PaymentMath.Owed(102 * MiB / 10, PricePerGiB), check.LastOwed);
    }

    [Fact]
    public void Invoice_BeyondTolerance_IsOverClaim()
    {
        var check = new InvoiceCheck(PricePerGiB, tolerancePpm: 20_000, slackBytes: 0);
        Assert.Equal(InvoiceVerdict.OverClaim, check.Check(Invoice(1, 11 * MiB), 10 * MiB));
        Assert.Equal(BigInteger.Zero, check.LastOwed);
    }

    [Fact]
    public void Invoice_GoingBackwards_IsNotMonotonic()
    {
        var check = new InvoiceCheck(PricePerGiB);
        Assert.Equal(InvoiceVerdict.Fair, check.Check(Invoice(5, 4 * MiB), 4 * MiB));
        Assert.Equal(InvoiceVerdict.NotMonotonic, check.Check(Invoice(5, 4 * MiB), 4 * MiB));
        Assert.Equal(InvoiceVerdict.NotMonotonic, check.Check(Invoice(6, 3 * MiB), 4 * MiB));
    }

    [Fact]
    public void Invoice_WithOversizedAmount_IsMalformed()
    {
        Invoice invoice = Invoice(1, 0);
        invoice.Owed = ByteString.CopyFrom(new byte[40]);
        Assert.Equal(InvoiceVerdict.Malformed, new InvoiceCheck(PricePerGiB).Check(invoice, 0));
    }

    [Fact]
    public void AmountToPay_KeepsCreditPrepayAhead_OfTheFairOwed()
    {
        var check = new InvoiceCheck(PricePerGiB, slackBytes: 0);
        BigInteger prepay = PaymentMath.ValueOf(2 * MiB, PricePerGiB);
        Assert.Equal(prepay, check.AmountToPay(0, 0, prepay));
        check.Check(Invoice(1, 8 * MiB), 8 * MiB);
        BigInteger owed = PaymentMath.Owed(8 * MiB, PricePerGiB);
        Assert.Equal(owed + prepay - 100, check.AmountToPay(8 * MiB, 100, prepay));
        Assert.Equal(BigInteger.Zero, check.AmountToPay(8 * MiB, owed + prepay + 1, prepay));
    }
}
