using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Payments;

namespace Dvpn.Client.Tests.Payments;

public sealed class TicketSizingTests
{
    private static readonly BigInteger Two64 = BigInteger.One << 64;

    [Fact]
    public void ClaimCost_GasEstimateAboveTheAnnouncedCost_UsesTheEstimate()
    {
        // 40,000 gas at 2 gwei = 8e13, above the announced 1e13.
        Assert.Equal(new BigInteger(80_000_000_000_000), TicketSizing.ClaimCost(10_000_000_000_000, 2_000_000_000, 40_000));
    }

    [Fact]
    public void ClaimCost_AnnouncedCostAboveTheGasEstimate_UsesTheAnnouncedCost()
    {
        Assert.Equal(new BigInteger(10_000_000_000_000), TicketSizing.ClaimCost(10_000_000_000_000, 1_000_000, 40_000));
    }

    [Fact]
    public void ClaimCost_NegativeGasPrice_CountsAsZero()
    {
        Assert.Equal(new BigInteger(5), TicketSizing.ClaimCost(5, -1, 40_000));
    }

    [Fact]
    public void TrySize_SmallAmount_FaceIsClaimCostOverGasShareAndWinProbRoundsUp()
    {
        // claim cost 1e9, efficiency 0.97: face = ceil(1e9 / 0.03) = 33,333,333,334; winProb = ceil(2^21 * 2^64 / face).
        Assert.True(TicketSizing.TrySize(2_097_152, 1_000_000_000, 0.97, BigInteger.Pow(10, 18), out TicketSize size, out _));

        Assert.Equal(new BigInteger(33_333_333_334), size.FaceValue);
        Assert.Equal((ulong)1_160_568_786_806_833, size.WinProb);
        Assert.Equal(new BigInteger(2_097_152), size.ExpectedValue);
    }

    [Fact]
    public void TrySize_AmountAboveTheMinimumFace_IsASureTicketJustAboveTheAmount()
    {
        // 1e12 owed, min face 33,333,333,334: face = ceil(1e12 * 2^64 / (2^64 - 1)) = 1e12 + 1, winProb = 2^64 - 1.
        Assert.True(TicketSizing.TrySize(1_000_000_000_000, 1_000_000_000, 0.97, BigInteger.Pow(10, 18), out TicketSize size, out _));

        Assert.Equal(new BigInteger(1_000_000_000_001), size.FaceValue);
        Assert.Equal(ulong.MaxValue, size.WinProb);
        Assert.Equal(new BigInteger(1_000_000_000_000), size.ExpectedValue);
    }

    [Theory]
    [InlineData(0.5, 2_000_000_000)]   // gas may take half: face = 2 x claim cost
    [InlineData(0.9, 10_000_000_000)]  // 10%: 10 x
    [InlineData(0.99, 100_000_000_000)] // 1%: 100 x
    [InlineData(0.999, 1_000_000_000_000)] // 0.1%: 1000 x
    public void TrySize_Efficiency_SetsTheLeastFaceValueExactly(double efficiency, long expectedFace)
    {
        Assert.True(TicketSizing.TrySize(1, 1_000_000_000, efficiency, BigInteger.Pow(10, 18), out TicketSize size, out _));

        Assert.Equal(new BigInteger(expectedFace), size.FaceValue);
        Assert.Equal((ulong)((Two64 + expectedFace - 1) / expectedFace), size.WinProb);
        Assert.True(size.ExpectedValue >= 1);
    }

    [Fact]
    public void TrySize_ZeroClaimCost_FaceIsTheAmountItself()
    {
        Assert.True(TicketSizing.TrySize(1000, 0, 0.97, 1_000_000, out TicketSize size, out _));

        Assert.Equal(new BigInteger(1001), size.FaceValue);
        Assert.Equal(ulong.MaxValue, size.WinProb);
        Assert.Equal(new BigInteger(1000), size.ExpectedValue);
    }

    [Fact]
    public void TrySize_FaceExactlyAtTheBalance_IsSized()
    {
        Assert.True(TicketSizing.TrySize(2_097_152, 1_000_000_000, 0.97, 33_333_333_334, out TicketSize size, out _));
        Assert.Equal(new BigInteger(33_333_333_334), size.FaceValue);
    }

    [Fact]
    public void TrySize_FaceOneAboveTheBalance_IsAFundsProblemNamingTheNumbers()
    {
        Assert.False(TicketSizing.TrySize(2_097_152, 1_000_000_000, 0.97, 33_333_333_333, out TicketSize size, out string? problem));

        Assert.Equal(default, size);
        Assert.Contains("33333333334", problem, StringComparison.Ordinal);
        Assert.Contains("33333333333", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySize_FaceBeyondUInt96_IsAFundsProblem()
    {
        Assert.False(TicketSizing.TrySize(Ticket.MaxUInt96, 0, 0.97, Ticket.MaxUInt96 * 2, out _, out string? problem));
        Assert.Contains("96 bits", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void TrySize_EfficiencyOutsideZeroToOne_Throws(double efficiency)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketSizing.TrySize(1, 1, efficiency, 1_000, out _, out _));
    }

    [Fact]
    public void TrySize_NothingToPay_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketSizing.TrySize(0, 1, 0.97, 1_000, out _, out _));
    }
}
