using System.Numerics;
using Dvpn.Protocol.Payments;

namespace Dvpn.Protocol.Tests.Payments;

public sealed class PaymentMathTests
{
    private static readonly BigInteger PricePerGiB = BigInteger.Pow(10, 15); // 0.001 ether per GiB

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1UL << 30, "1000000000000000")]
    [InlineData(1UL << 20, "976562500000")]
    [InlineData(1UL, "931322")] // 10^15 / 2^30 = 931322.57..., rounded down
    public void Owed_IsBytesTimesPriceOverGiB_RoundedDown(ulong bytes, string expected) =>
        Assert.Equal(BigInteger.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PaymentMath.Owed(bytes, PricePerGiB));

    [Fact]
    public void Allowance_AddsTolerance_RoundedUp()
    {
        Assert.Equal(931323, PaymentMath.Allowance(1, PricePerGiB, 0));
        Assert.Equal(PaymentMath.Owed(1UL << 30, PricePerGiB) * 102 / 100, PaymentMath.Allowance(1UL << 30, PricePerGiB, 20_000));
        Assert.Equal(BigInteger.Zero, PaymentMath.Allowance(0, PricePerGiB, 20_000));
    }

    [Fact]
    public void Ledger_CutsOffOnlyWhenUnpaidExceedsLimit()
    {
        BigInteger limit = PaymentMath.ValueOf(2 << 20, PricePerGiB);
        var ledger = new CreditLedger(PricePerGiB, limit);
        ledger.RecordUsage(2 << 20);
        Assert.Equal(limit, ledger.Unpaid);
        Assert.False(ledger.IsOverLimit, "unpaid equal to the limit is still allowed");
        ledger.RecordUsage((2 << 20) + 2048);
        Assert.True(ledger.IsOverLimit);
        ledger.Credit(PaymentMath.ValueOf(4096, PricePerGiB));
        Assert.False(ledger.IsOverLimit);
    }

    [Fact]
    public void Ledger_CounterGoingBack_IsIgnored()
    {
        var ledger = new CreditLedger(PricePerGiB, 0);
        ledger.RecordUsage(1000);
        ledger.RecordUsage(10);
        Assert.Equal(1000UL, ledger.MeteredBytes);
    }

    [Fact]
    public void Ledger_Overpaid_HasNothingUnpaid()
    {
        var ledger = new CreditLedger(PricePerGiB, 0);
        ledger.Credit(PricePerGiB);
        ledger.RecordUsage(1 << 20);
        Assert.Equal(BigInteger.Zero, ledger.Unpaid);
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Credit(-1));
    }
}
