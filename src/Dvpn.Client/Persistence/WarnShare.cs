using System.Numerics;

namespace Dvpn.Client.Persistence;

/// <summary>
/// Exact comparison of spend against a share of a cap. The share is a double; a finite double is exactly
/// mantissa * 2^exponent, so "spent >= share * cap" is decided in integers, with no rounding at any cap size.
/// </summary>
internal static class WarnShare
{
    /// <summary>True when spend went from below <paramref name="share"/> of <paramref name="cap"/> to at or above it.</summary>
    public static bool IsCrossed(double share, BigInteger cap, BigInteger before, BigInteger after) =>
        !Reaches(share, cap, before) && Reaches(share, cap, after);

    /// <summary>True when <paramref name="spent"/> &gt;= <paramref name="share"/> * <paramref name="cap"/>, exactly.</summary>
    public static bool Reaches(double share, BigInteger cap, BigInteger spent)
    {
        if (!double.IsFinite(share) || share <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "a share is a positive finite number");
        }

        (BigInteger numerator, int shift) = Decompose(share);
        // share = numerator * 2^shift; spent >= share * cap  <=>  spent * 2^-shift >= numerator * cap (shift < 0).
        return shift >= 0
            ? spent >= (numerator * cap) << shift
            : spent << -shift >= numerator * cap;
    }

    private static (BigInteger Numerator, int Shift) Decompose(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFF;
        return exponent == 0
            ? (mantissa, -1074) // subnormal
            : (mantissa | (1L << 52), exponent - 1075);
    }
}
