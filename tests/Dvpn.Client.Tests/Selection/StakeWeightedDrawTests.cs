using System.Numerics;
using Dvpn.Client.Selection;

namespace Dvpn.Client.Tests.Selection;

/// <summary>
/// Statistical checks with a fixed seed: deterministic, and the bounds are generous (several standard deviations)
/// so that they test the weighting, not the particular seed.
/// </summary>
public sealed class StakeWeightedDrawTests
{
    private const int Trials = 40_000;

    [Fact]
    public void Draw_OneOfFour_FrequenciesFollowStake()
    {
        var random = new SeededUniformRandom(20250601);
        int[] stakes = [1, 2, 3, 4];
        var counts = new int[stakes.Length];

        for (int i = 0; i < Trials; i++)
        {
            counts[StakeWeightedDraw.Draw([0, 1, 2, 3], j => stakes[j], 1, random)[0]]++;
        }

        for (int j = 0; j < stakes.Length; j++)
        {
            double expected = stakes[j] / 10.0;
            Assert.InRange(counts[j] / (double)Trials, expected - 0.02, expected + 0.02);
        }
    }

    [Fact]
    public void Draw_TwoWithoutReplacement_FirstAndSecondFollowSuccessiveWeightedDraws()
    {
        // Stakes 1 and 9 plus a third of 10: P(first = the 9) = 9/20; P(second = the 9 | first = the 10) = 9/10.
        var random = new SeededUniformRandom(7);
        BigInteger[] stakes = [1, 9, 10];
        int firstIsNine = 0, firstIsTen = 0, secondIsNineAfterTen = 0;

        for (int i = 0; i < Trials; i++)
        {
            List<int> drawn = StakeWeightedDraw.Draw([0, 1, 2], j => stakes[j], 2, random);
            firstIsNine += drawn[0] == 1 ? 1 : 0;
            if (drawn[0] == 2)
            {
                firstIsTen++;
                secondIsNineAfterTen += drawn[1] == 1 ? 1 : 0;
            }
        }

        Assert.InRange(firstIsNine / (double)Trials, 0.45 - 0.02, 0.45 + 0.02);
        Assert.InRange(secondIsNineAfterTen / (double)firstIsTen, 0.90 - 0.02, 0.90 + 0.02);
    }

    [Fact]
    public void Draw_ReturnsDistinctItems_UpToTheCount()
    {
        var random = new SeededUniformRandom(1);
        int[] items = [.. Enumerable.Range(0, 100)];

        List<int> drawn = StakeWeightedDraw.Draw(items, i => i + 1, 10, random);

        Assert.Equal(10, drawn.Count);
        Assert.Equal(10, drawn.Distinct().Count());
    }

    [Fact]
    public void Draw_MoreThanThereAre_ReturnsEveryItemOnce()
    {
        List<int> drawn = StakeWeightedDraw.Draw([1, 2, 3], _ => BigInteger.One, 5, new SeededUniformRandom(2));

        Assert.Equal([1, 2, 3], drawn.Order());
    }

    [Fact]
    public void Draw_NoItemHasStake_IsUniform()
    {
        var random = new SeededUniformRandom(3);
        var counts = new int[4];

        for (int i = 0; i < Trials; i++)
        {
            counts[StakeWeightedDraw.Draw([0, 1, 2, 3], _ => BigInteger.Zero, 1, random)[0]]++;
        }

        Assert.All(counts, c => Assert.InRange(c / (double)Trials, 0.25 - 0.02, 0.25 + 0.02));
    }

    [Fact]
    public void Draw_ZeroStakeItems_ComeAfterEveryStakedOne()
    {
        var random = new SeededUniformRandom(4);

        for (int i = 0; i < 100; i++)
        {
            List<int> drawn = StakeWeightedDraw.Draw([0, 1, 2, 3], j => j % 2 == 0 ? BigInteger.Zero : BigInteger.One, 4, random);

            Assert.Equal([1, 3], drawn.Take(2).Order());
        }
    }

    [Fact]
    public void Draw_HugeUint256Stakes_StillWeighProportionally()
    {
        var random = new SeededUniformRandom(5);
        BigInteger big = BigInteger.Pow(10, 60);
        int heavy = 0;

        for (int i = 0; i < Trials; i++)
        {
            heavy += StakeWeightedDraw.Draw([0, 1], j => j == 0 ? big : big * 3, 1, random)[0] == 1 ? 1 : 0;
        }

        Assert.InRange(heavy / (double)Trials, 0.75 - 0.02, 0.75 + 0.02);
    }

    [Fact]
    public void CryptoUniformRandom_Values_LieInTheOpenClosedUnitInterval()
    {
        for (int i = 0; i < 10_000; i++)
        {
            double u = CryptoUniformRandom.Instance.NextOpenClosed();
            Assert.True(u is > 0 and <= 1, $"{u} is outside (0, 1]");
        }
    }
}
