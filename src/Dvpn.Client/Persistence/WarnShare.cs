using System.Numerics;

namespace Dvpn.Client.Persistence;

/// <summary>
/// Exact comparison of spend against a share of a cap, in integers at any cap size. The share is a double; it is
/// taken as the decimal it reads as (rounded to 15 significant digits, as the double-to-decimal conversion does), so
/// a share of 0.8 of a cap of 100 is 80 exactly, not the 80.0000000000000044 the double 0.8 would give.
/// </summary>
internal static class WarnShare
{
    /// <summary>True when spend went from below <paramref name="share"/> of <paramref name="cap"/> to at or above it.</summary>
    public static bool IsCrossed(double share, BigInteger cap, BigInteger before, BigInteger after) =>
        !Reaches(share, cap, before) && Reaches(share, cap, after);

    /// <summary>True when <paramref name="spent"/> &gt;= <paramref name="share"/> * <paramref name="cap"/>, exactly.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> is not in (0, 1].</exception>
    public static bool Reaches(double share, BigInteger cap, BigInteger spent)
    {
        if (!(share > 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "a share is in (0, 1]");
        }

        // share = numerator / 10^scale; spent >= share * cap  <=>  spent * 10^scale >= numerator * cap.
        decimal value = (decimal)share;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        BigInteger numerator = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        int scale = (bits[3] >> 16) & 0xFF;
        return spent * BigInteger.Pow(10, scale) >= numerator * cap;
    }
}
