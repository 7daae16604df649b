using System.Numerics;
using Dvpn.Client.Persistence;

namespace Dvpn.Client.Tests.Persistence;

public sealed class WarnShareTests
{
    [Theory]
    [InlineData(0.5, 100, 49, false)]
    [InlineData(0.5, 100, 50, true)]
    [InlineData(0.8, 100, 79, false)]
    [InlineData(0.8, 100, 80, true)] // the double 0.8 is a hair above 4/5: taken as the decimal 0.8, 80 reaches it
    [InlineData(1.0, 100, 99, false)]
    [InlineData(1.0, 100, 100, true)]
    [InlineData(0.25, 3, 0, false)]
    [InlineData(0.25, 3, 1, true)] // 0.75 <= 1
    [InlineData(0.333, 1000, 332, false)]
    [InlineData(0.333, 1000, 333, true)]
    public void Reaches_ComparesSpendWithTheShareOfTheCap(double share, int cap, int spent, bool expected)
    {
        Assert.Equal(expected, WarnShare.Reaches(share, cap, spent));
    }

    [Fact]
    public void Reaches_CapsBeyondTheRangeOfADouble_AreComparedExactly()
    {
        // 0.8 of 10^40 + 5 is 8 * 10^39 + 4: a double could not tell these apart.
        BigInteger cap = BigInteger.Pow(10, 40) + 5;
        BigInteger threshold = 8 * BigInteger.Pow(10, 39) + 4;

        Assert.False(WarnShare.Reaches(0.8, cap, threshold - 1));
        Assert.True(WarnShare.Reaches(0.8, cap, threshold));
        Assert.True(WarnShare.Reaches(0.8, cap - 5, threshold - 4));
    }

    [Fact]
    public void IsCrossed_OnlyWhenSpendGoesFromBelowToAtOrAbove()
    {
        Assert.True(WarnShare.IsCrossed(0.5, 100, 49, 50));
        Assert.False(WarnShare.IsCrossed(0.5, 100, 50, 60));
        Assert.False(WarnShare.IsCrossed(0.5, 100, 10, 49));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1.01)]
    public void Reaches_ShareOutsideZeroToOne_Throws(double share)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WarnShare.Reaches(share, 100, 1));
    }
}
