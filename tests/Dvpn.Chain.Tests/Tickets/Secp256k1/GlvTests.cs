using System.Numerics;
using Dvpn.Chain.Tickets.Secp256k1;
using static Dvpn.Chain.Tests.Tickets.Secp256k1.Reference;

namespace Dvpn.Chain.Tests.Tickets.Secp256k1;

/// <summary>Every identity the endomorphism code relies on, rechecked from the curve's definition.</summary>
public sealed class GlvTests
{
    [Fact]
    public void BetaAndLambda_AreNontrivialCubeRootsOfUnity()
    {
        BigInteger beta = ToBig(Glv.Beta), lambda = ToBig(Glv.Lambda);
        Assert.Equal(BigInteger.One, BigInteger.ModPow(beta, 3, P));
        Assert.Equal(BigInteger.One, BigInteger.ModPow(lambda, 3, N));
        Assert.NotEqual(BigInteger.One, beta);
        Assert.NotEqual(BigInteger.One, lambda);
    }

    [Fact]
    public void LambdaTimesG_IsBetaTimesX()
    {
        var table = new FixedBaseTable(Curve.G, 8);
        table.Multiply(Glv.Lambda, out JacobianPoint lg);
        Assert.True(JacobianPoint.TryToAffine(lg, out AffinePoint a));
        Assert.Equal(ToBig(Curve.G.X) * ToBig(Glv.Beta) % P, ToBig(a.X));
        Assert.Equal(ToBig(Curve.G.Y), ToBig(a.Y));
    }

    [Fact]
    public void Split_RecombinesToK_WithHalvesBelow2To129()
    {
        BigInteger lambda = ToBig(Glv.Lambda);
        foreach (BigInteger k in Values(N, 2000))
        {
            Glv.Split(Sc(k), out Scalar k1, out bool neg1, out Scalar k2, out bool neg2);
            BigInteger a = ToBig(k1), b = ToBig(k2);
            Assert.True(a < BigInteger.One << 129, $"k1 too large for k = {k}");
            Assert.True(b < BigInteger.One << 129, $"k2 too large for k = {k}");
            BigInteger recombined = ((neg1 ? -a : a) + ((neg2 ? -b : b) * lambda)) % N;
            Assert.Equal(k, (recombined + N) % N);
        }
    }

    [Fact]
    public void GetBits_ReadsAcrossLimbs()
    {
        BigInteger k = RandomBelow(N);
        Scalar s = Sc(k);
        for (int offset = 0; offset < 260; offset += 3)
        {
            foreach (int count in new[] { 1, 5, 6, 8, 13 })
            {
                int expected = (int)((k >> offset) & ((BigInteger.One << count) - 1));
                Assert.Equal(expected, s.GetBits(offset, count));
            }
        }
    }
}
