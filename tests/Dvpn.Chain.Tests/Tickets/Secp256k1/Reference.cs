using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets.Secp256k1;

namespace Dvpn.Chain.Tests.Tickets.Secp256k1;

/// <summary>Plain BigInteger arithmetic to check the limb code against.</summary>
internal static class Reference
{
    public static readonly BigInteger P = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    public static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    public static BigInteger ToBig(in FieldElement f)
    {
        Span<byte> b = stackalloc byte[32];
        f.WriteTo(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    public static BigInteger ToBig(in Scalar s)
    {
        Span<byte> b = stackalloc byte[32];
        s.WriteTo(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    public static byte[] ToBytes32(BigInteger v)
    {
        byte[] b = new byte[32];
        v.TryWriteBytes(b.AsSpan(32 - v.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return b;
    }

    public static FieldElement Fe(BigInteger v)
    {
        Assert.True(FieldElement.TryRead(ToBytes32(v), out FieldElement f));
        return f;
    }

    public static Scalar Sc(BigInteger v)
    {
        Assert.True(Scalar.TryRead(ToBytes32(v), out Scalar s));
        return s;
    }

    public static BigInteger RandomBelow(BigInteger m)
    {
        byte[] b = RandomNumberGenerator.GetBytes(32);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true) % m;
    }

    /// <summary>Edge values and random ones below m.</summary>
    public static IEnumerable<BigInteger> Values(BigInteger m, int random)
    {
        yield return 0;
        yield return 1;
        yield return 2;
        yield return m - 1;
        yield return m - 2;
        yield return (m - 1) / 2;
        yield return (BigInteger.One << 255) % m;
        yield return ((BigInteger.One << 256) - 1) % m;
        yield return (BigInteger.One << 64) - 1;
        yield return (BigInteger.One << 128) - 1;
        for (int i = 0; i < random; i++)
        {
            yield return RandomBelow(m);
        }
    }
}
