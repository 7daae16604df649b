using System.Numerics;
using Dvpn.Chain.Tickets.Secp256k1;
using static Dvpn.Chain.Tests.Tickets.Secp256k1.Reference;

namespace Dvpn.Chain.Tests.Tickets.Secp256k1;

public sealed class ScalarTests
{
    [Fact]
    public void Mul_MatchesBigIntegerModN()
    {
        var values = Values(N, 100).ToList();
        foreach (BigInteger a in values)
        {
            foreach (BigInteger b in values.Take(25))
            {
                Scalar.Mul(Sc(a), Sc(b), out Scalar m);
                Assert.Equal(a * b % N, ToBig(m));
            }
        }
    }

    [Fact]
    public void Inverse_MatchesFermat()
    {
        foreach (BigInteger a in Values(N, 100).Where(v => !v.IsZero))
        {
            Scalar.Inverse(Sc(a), out Scalar inv);
            Assert.Equal(BigInteger.ModPow(a, N - 2, N), ToBig(inv));
        }
    }

    [Fact]
    public void Negate_And_IsHigh_MatchBigInteger()
    {
        foreach (BigInteger a in Values(N, 100))
        {
            Scalar.Negate(Sc(a), out Scalar neg);
            Assert.Equal((N - a) % N, ToBig(neg));
            Assert.Equal(a > N / 2, Sc(a).IsHigh);
        }
    }

    [Fact]
    public void ReadReduced_ReducesDigestsAboveN()
    {
        BigInteger big = (BigInteger.One << 256) - 1;
        Assert.Equal(big % N, ToBig(Scalar.ReadReduced(ToBytes32(big))));
        Assert.Equal(BigInteger.Zero, ToBig(Scalar.ReadReduced(ToBytes32(N))));
        Assert.False(Scalar.TryRead(ToBytes32(N), out _));
    }

    [Fact]
    public void WnafRecode_ReconstructsTheScalar()
    {
        Span<sbyte> digits = stackalloc sbyte[257];
        foreach (BigInteger a in Values(N, 100))
        {
            int length = Wnaf.Recode(Sc(a), digits);
            BigInteger sum = 0;
            for (int i = length - 1; i >= 0; i--)
            {
                sum = (sum * 2) + digits[i];
                Assert.True(digits[i] == 0 || (digits[i] % 2 != 0 && Math.Abs(digits[i]) < 16));
            }

            Assert.Equal(a, sum);
        }
    }
}
