using System.Numerics;
using Dvpn.Chain.Tickets.Secp256k1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using static Dvpn.Chain.Tests.Tickets.Secp256k1.Reference;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Dvpn.Chain.Tests.Tickets.Secp256k1;

/// <summary>Our point arithmetic against BouncyCastle's on the same inputs.</summary>
public sealed class PointTests
{
    private static readonly X9ECParameters s_curve = CustomNamedCurves.GetByName("secp256k1");

    private static BcPoint BcMultiply(BcPoint p, BigInteger k) =>
        p.Multiply(new BcBigInteger(1, ToBytes32(k))).Normalize();

    private static AffinePoint ToOurs(BcPoint p) =>
        new(Fe(new BigInteger(p.AffineXCoord.GetEncoded(), isUnsigned: true, isBigEndian: true)),
            Fe(new BigInteger(p.AffineYCoord.GetEncoded(), isUnsigned: true, isBigEndian: true)));

    private static void AssertSame(BcPoint expected, in JacobianPoint actual)
    {
        if (expected.IsInfinity)
        {
            Assert.True(actual.IsInfinity);
            return;
        }

        Assert.True(JacobianPoint.TryToAffine(actual, out AffinePoint a));
        Assert.Equal(new BigInteger(expected.AffineXCoord.GetEncoded(), isUnsigned: true, isBigEndian: true), ToBig(a.X));
        Assert.Equal(new BigInteger(expected.AffineYCoord.GetEncoded(), isUnsigned: true, isBigEndian: true), ToBig(a.Y));
    }

    public static TheoryData<string> Scalars()
    {
        var data = new TheoryData<string>();
        foreach (BigInteger k in Values(N, 12))
        {
            data.Add(k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return data;
    }

    [Fact]
    public void Generator_IsOnCurve_AndMatchesBouncyCastle()
    {
        Assert.True(Curve.G.IsOnCurve());
        AssertSame(s_curve.G.Normalize(), JacobianPoint.FromAffine(Curve.G));
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void FixedBaseTables_MatchBouncyCastle(string scalar)
    {
        BigInteger k = BigInteger.Parse(scalar, System.Globalization.CultureInfo.InvariantCulture);
        BcPoint expected = BcMultiply(s_curve.G, k);
        foreach (int bits in new[] { 2, 4, 5, 6, 7, 8 })
        {
            var table = new FixedBaseTable(Curve.G, bits);
            table.Multiply(Sc(k), out JacobianPoint actual);
            AssertSame(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Wnaf_MatchesBouncyCastle_OnAnArbitraryPoint(string scalar)
    {
        BigInteger k = BigInteger.Parse(scalar, System.Globalization.CultureInfo.InvariantCulture);
        BcPoint basePoint = BcMultiply(s_curve.G, RandomBelow(N - 1) + 1);
        JacobianPoint actual = JacobianPoint.Infinity;
        Wnaf.MultiplyAdd(ToOurs(basePoint), Sc(k), ref actual);
        AssertSame(BcMultiply(basePoint, k), actual);

        // Accumulating: acc + k P with acc = G.
        var acc = JacobianPoint.FromAffine(Curve.G);
        Wnaf.MultiplyAdd(ToOurs(basePoint), Sc(k), ref acc);
        AssertSame(BcMultiply(basePoint, k).Add(s_curve.G).Normalize(), acc);
    }

    [Fact]
    public void Addition_HandlesDoublingAndInverse()
    {
        var p = JacobianPoint.FromAffine(Curve.G);
        JacobianPoint.AddAffine(p, Curve.G, out JacobianPoint twice);
        AssertSame(BcMultiply(s_curve.G, 2), twice);
        JacobianPoint.Add(p, p, out JacobianPoint twice2);
        AssertSame(BcMultiply(s_curve.G, 2), twice2);

        AffinePoint.Negate(Curve.G, out AffinePoint minusG);
        JacobianPoint.AddAffine(p, minusG, out JacobianPoint zero);
        Assert.True(zero.IsInfinity);
        JacobianPoint.Add(p, JacobianPoint.FromAffine(minusG), out zero);
        Assert.True(zero.IsInfinity);

        JacobianPoint.Add(JacobianPoint.Infinity, p, out JacobianPoint same);
        AssertSame(s_curve.G.Normalize(), same);
    }
}
