namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// Variable-base scalar multiplication with a width-5 non-adjacent form (digits 0 or odd in -15 .. 15, at most one
/// non-zero digit in any five) over the GLV split of the scalar: about 129 doublings and 43 additions of eight
/// precomputed odd multiples and their endomorphism images.
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

    /// <summary>
    /// acc = acc + k * p for an arbitrary point p: k is split with the endomorphism into two 128-bit halves whose
    /// wNAF streams share one run of about 129 doublings.
    /// </summary>
    public static void MultiplyAdd(in AffinePoint p, in Scalar k, ref JacobianPoint acc)
    {
        Glv.Split(k, out Scalar k1, out bool negate1, out Scalar k2, out bool negate2);
        Span<sbyte> digits1 = stackalloc sbyte[257];
        Span<sbyte> digits2 = stackalloc sbyte[257];
        int length1 = Recode(k1, digits1);
        int length2 = Recode(k2, digits2);

        // Odd multiples P, 3P, ..., 15P, and their images under λ: (β x, y).
        Span<JacobianPoint> odd = stackalloc JacobianPoint[TableSize];
        Span<JacobianPoint> oddLambda = stackalloc JacobianPoint[TableSize];
        odd[0] = JacobianPoint.FromAffine(p);
        JacobianPoint.Double(odd[0], out JacobianPoint twice);
        for (int j = 1; j < TableSize; j++)
        {
            JacobianPoint.Add(odd[j - 1], twice, out odd[j]);
        }

        for (int j = 0; j < TableSize; j++)
        {
            oddLambda[j] = odd[j];
            FieldElement.Mul(odd[j].X, Glv.Beta, out oddLambda[j].X);
        }

        JacobianPoint sum = JacobianPoint.Infinity;
        for (int i = Math.Max(length1, length2) - 1; i >= 0; i--)
        {
            JacobianPoint.Double(sum, out sum);
            if (i < length1 && digits1[i] != 0)
            {
                AddDigit(ref sum, odd, digits1[i], negate1);
            }

            if (i < length2 && digits2[i] != 0)
            {
                AddDigit(ref sum, oddLambda, digits2[i], negate2);
            }
        }

        JacobianPoint.Add(acc, sum, out acc);
    }

    private static void AddDigit(ref JacobianPoint sum, ReadOnlySpan<JacobianPoint> odd, int digit, bool negate)
    {
        if ((digit < 0) ^ negate)
        {
            JacobianPoint.Negate(odd[Math.Abs(digit) >> 1], out JacobianPoint neg);
            JacobianPoint.Add(sum, neg, out sum);
        }
        else
        {
            JacobianPoint.Add(sum, odd[Math.Abs(digit) >> 1], out sum);
        }
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
