using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Options;
using Dvpn.Client.Payments;

namespace Dvpn.Client.Tests.Payments;

public sealed class CostEstimatorTests
{
    private static readonly BigInteger GiB = BigInteger.One << 30;

    [Fact]
    public void Estimate_OneGiB_ExpectsThePrice_WithTicketsOfHalfAWindowSizedAtTheGasPrice()
    {
        var options = new PaymentOptions();
        BigInteger price = BigInteger.Pow(10, 15);
        BigInteger gasPrice = 1_000_000_000;

        CostEstimate estimate = CostEstimator.Estimate((ulong)GiB, price, gasPrice, options);

        BigInteger perTicket = options.PrepayBytes / 2 * price / GiB;
        TicketSize size = TicketLottery.Size(perTicket, gasPrice * options.ClaimGasPerTicket, options.Efficiency);
        Assert.Equal(price, estimate.Expected);
        Assert.Equal(size.FaceValue, estimate.TicketFaceValue);
        Assert.Equal((ulong)(GiB / (options.PrepayBytes / 2)), estimate.Tickets);
        // n tickets of face F won with probability p: sd = F·sqrt(n·p·(1 − p)).
        double p = (double)size.WinProb / Math.Pow(2, 64);
        double sd = (double)size.FaceValue * Math.Sqrt(estimate.Tickets * p * (1 - p));
        Assert.InRange((double)estimate.StandardDeviation, sd * 0.999, sd * 1.001 + 1);
    }

    [Fact]
    public void Estimate_NoTraffic_CostsNothing_AndHasNoSpread()
    {
        CostEstimate estimate = CostEstimator.Estimate(0, 1000, 1, new PaymentOptions());
        Assert.Equal(BigInteger.Zero, estimate.Expected);
        Assert.Equal(0UL, estimate.Tickets);
        Assert.Equal(BigInteger.Zero, estimate.StandardDeviation);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(15, 3)]
    [InlineData(16, 4)]
    [InlineData(1_000_000, 1000)]
    public void Sqrt_RoundsDown(long n, long root) => Assert.Equal(new BigInteger(root), CostEstimator.Sqrt(n));
}
