using System.Numerics;
using Dvpn.Chain.Tickets.Secp256k1;
using static Dvpn.Chain.Tests.Tickets.Secp256k1.Reference;

namespace Dvpn.Chain.Tests.Tickets.Secp256k1;

public sealed class FieldElementTests
{
    [Fact]
    public void Arithmetic_MatchesBigIntegerModP()
    {
        var values = Values(P, 200).ToList();
        foreach (BigInteger a in values)
        {
            FieldElement fa = Fe(a);
            foreach (BigInteger b in values.Take(30).Concat(values.Skip(30).Take(0)))
            {
                FieldElement fb = Fe(b);
                FieldElement.Mul(fa, fb, out FieldElement m);
                Assert.Equal(a * b % P, ToBig(m));
                FieldElement.Add(fa, fb, out FieldElement s);
                Assert.Equal((a + b) % P, ToBig(s));
                FieldElement.Sub(fa, fb, out FieldElement d);
                Assert.Equal(((a - b) % P + P) % P, ToBig(d));
            }

            FieldElement.Square(fa, out FieldElement sq);
            Assert.Equal(a * a % P, ToBig(sq));
        }
    }

    [Fact]
    public void Inverse_TimesValue_IsOne()
    {
        foreach (BigInteger a in Values(P, 50).Where(v => !v.IsZero))
        {
            FieldElement.Inverse(Fe(a), out FieldElement inv);
            Assert.Equal(BigInteger.ModPow(a, P - 2, P), ToBig(inv));
        }
    }

    [Fact]
    public void Sqrt_OfSquare_SquaresBack_AndNonResiduesFail()
    {
        foreach (BigInteger a in Values(P, 50))
        {
            FieldElement.Square(Fe(a), out FieldElement sq);
            Assert.True(FieldElement.Sqrt(sq, out FieldElement root));
            FieldElement.Square(root, out FieldElement back);
            Assert.True(FieldElement.Equal(back, sq));
        }

        // -1 is a non-residue because p ≡ 3 (mod 4).
        Assert.False(FieldElement.Sqrt(Fe(P - 1), out _));
    }

    [Fact]
    public void TryRead_RejectsValuesNotBelowP()
    {
        Assert.False(FieldElement.TryRead(ToBytes32(P), out _));
        Assert.False(FieldElement.TryRead(ToBytes32((BigInteger.One << 256) - 1), out _));
        Assert.True(FieldElement.TryRead(ToBytes32(P - 1), out _));
        Assert.False(FieldElement.TryRead(new byte[31], out _));
    }
}
