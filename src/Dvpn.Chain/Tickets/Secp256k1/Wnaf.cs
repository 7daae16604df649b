namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// Variable-base scalar multiplication with a width-5 non-adjacent form: digits are 0 or odd in -15 .. 15, at
/// most one non-zero digit in any five, so k * P costs 256 doublings and about 43 additions of the eight
/// precomputed odd multiples P, 3P, ..., 15P.
/// </summary>
internal static class Wnaf
{
    private const int Width = 5;
    private const int TableSize = 1 << (Width - 2);

    /// <summary>Writes the wNAF digits of k (least significant first) and returns how many there are.</summary>
    public static int Recode(in Scalar k, Span<sbyte> digits)
    {
        // Work on a copy with one spare limb: adding back a negative digit can carry past bit 255.
        Span<ulong> v = [k.L0, k.L1, k.L2, k.L3, 0];
        int length = 0;
        int i = 0;
        while (!IsZero(v))
        {
            if ((v[0] & 1) != 0)
            {
                int digit = (int)(v[0] & ((1 << Width) - 1));
                if (digit >= 1 << (Width - 1))
                {
                    digit -= 1 << Width;
                }

                digits[i] = (sbyte)digit;
                if (digit > 0)
                {
                    SubSmall(v, (ulong)digit);
                }
                else
                {
                    AddSmall(v, (ulong)(-digit));
                }
            }
            else
            {
                digits[i] = 0;
            }

            ShiftRight1(v);
            i++;
            length = i;
        }

        return length;
    }

    /// <summary>r = k * p for an arbitrary point p.</summary>
    public static void Multiply(in AffinePoint p, in Scalar k, out JacobianPoint r)
    {
        Span<sbyte> digits = stackalloc sbyte[257];
        int length = Recode(k, digits);

        Span<JacobianPoint> odd = stackalloc JacobianPoint[TableSize];
        odd[0] = JacobianPoint.FromAffine(p);
        JacobianPoint.Double(odd[0], out JacobianPoint twice);
        for (int j = 1; j < TableSize; j++)
        {
            JacobianPoint.Add(odd[j - 1], twice, out odd[j]);
        }

        JacobianPoint acc = JacobianPoint.Infinity;
        for (int i = length - 1; i >= 0; i--)
        {
            JacobianPoint.Double(acc, out acc);
            int d = digits[i];
            if (d > 0)
            {
                JacobianPoint.Add(acc, odd[d >> 1], out acc);
            }
            else if (d < 0)
            {
                JacobianPoint.Negate(odd[(-d) >> 1], out JacobianPoint neg);
                JacobianPoint.Add(acc, neg, out acc);
            }
        }

        r = acc;
    }

    private static bool IsZero(ReadOnlySpan<ulong> v) => (v[0] | v[1] | v[2] | v[3] | v[4]) == 0;

    private static void SubSmall(Span<ulong> v, ulong x)
    {
        ulong borrow = 0;
        v[0] = Limbs.SubWithBorrow(v[0], x, ref borrow);
        for (int i = 1; i < v.Length && borrow != 0; i++)
        {
            v[i] = Limbs.SubWithBorrow(v[i], 0, ref borrow);
        }
    }

    private static void AddSmall(Span<ulong> v, ulong x)
    {
        ulong carry = 0;
        v[0] = Limbs.AddWithCarry(v[0], x, ref carry);
        for (int i = 1; i < v.Length && carry != 0; i++)
        {
            v[i] = Limbs.AddWithCarry(v[i], 0, ref carry);
        }
    }

    private static void ShiftRight1(Span<ulong> v)
    {
        for (int i = 0; i < v.Length - 1; i++)
        {
            v[i] = (v[i] >> 1) | (v[i + 1] << 63);
        }

        v[^1] >>= 1;
    }
}
