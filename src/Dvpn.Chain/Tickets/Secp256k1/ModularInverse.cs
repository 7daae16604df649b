namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// Inversion modulo an odd 256-bit modulus by the binary extended Euclidean algorithm: variable-time (public data
/// only), and about three times faster than Fermat's a^(m-2) with our multiplication.
/// </summary>
internal static class ModularInverse
{
    /// <summary>r = a^-1 mod m for an odd m and 0 &lt; a &lt; m; zero maps to zero.</summary>
    public static void Invert(ulong a0, ulong a1, ulong a2, ulong a3, ulong m0, ulong m1, ulong m2, ulong m3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        r0 = r1 = r2 = r3 = 0;
        if ((a0 | a1 | a2 | a3) == 0)
        {
            // Zero has no inverse; returning zero keeps a misuse from spinning forever below.
            return;
        }

        // Invariants: x * a ≡ u and y * a ≡ v (mod m); u and v shrink until one of them is 1.
        ulong u0 = a0, u1 = a1, u2 = a2, u3 = a3;
        ulong v0 = m0, v1 = m1, v2 = m2, v3 = m3;
        ulong x0 = 1, x1 = 0, x2 = 0, x3 = 0;
        ulong y0 = 0, y1 = 0, y2 = 0, y3 = 0;

        while (!IsOne(u0, u1, u2, u3) && !IsOne(v0, v1, v2, v3))
        {
            while ((u0 & 1) == 0)
            {
                ShiftRight(ref u0, ref u1, ref u2, ref u3, 0);
                Halve(ref x0, ref x1, ref x2, ref x3, m0, m1, m2, m3);
            }

            while ((v0 & 1) == 0)
            {
                ShiftRight(ref v0, ref v1, ref v2, ref v3, 0);
                Halve(ref y0, ref y1, ref y2, ref y3, m0, m1, m2, m3);
            }

            if (IsAtLeast(u0, u1, u2, u3, v0, v1, v2, v3))
            {
                Subtract(ref u0, ref u1, ref u2, ref u3, v0, v1, v2, v3);
                SubtractMod(ref x0, ref x1, ref x2, ref x3, y0, y1, y2, y3, m0, m1, m2, m3);
            }
            else
            {
                Subtract(ref v0, ref v1, ref v2, ref v3, u0, u1, u2, u3);
                SubtractMod(ref y0, ref y1, ref y2, ref y3, x0, x1, x2, x3, m0, m1, m2, m3);
            }
        }

        if (IsOne(u0, u1, u2, u3))
        {
            (r0, r1, r2, r3) = (x0, x1, x2, x3);
        }
        else
        {
            (r0, r1, r2, r3) = (y0, y1, y2, y3);
        }
    }

    private static bool IsOne(ulong a0, ulong a1, ulong a2, ulong a3) => a0 == 1 && (a1 | a2 | a3) == 0;

    private static bool IsAtLeast(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3)
    {
        if (a3 != b3)
        {
            return a3 > b3;
        }

        if (a2 != b2)
        {
            return a2 > b2;
        }

        return a1 != b1 ? a1 > b1 : a0 >= b0;
    }

    private static void ShiftRight(ref ulong a0, ref ulong a1, ref ulong a2, ref ulong a3, ulong top)
    {
        a0 = (a0 >> 1) | (a1 << 63);
        a1 = (a1 >> 1) | (a2 << 63);
        a2 = (a2 >> 1) | (a3 << 63);
        a3 = (a3 >> 1) | (top << 63);
    }

    private static void Subtract(ref ulong a0, ref ulong a1, ref ulong a2, ref ulong a3, ulong b0, ulong b1, ulong b2, ulong b3)
    {
        ulong borrow = 0;
        a0 = Limbs.SubWithBorrow(a0, b0, ref borrow);
        a1 = Limbs.SubWithBorrow(a1, b1, ref borrow);
        a2 = Limbs.SubWithBorrow(a2, b2, ref borrow);
        a3 = Limbs.SubWithBorrow(a3, b3, ref borrow);
    }

    /// <summary>x = x / 2 mod m: (x + m) / 2 when x is odd, the 257th bit carried into the shift.</summary>
    private static void Halve(ref ulong x0, ref ulong x1, ref ulong x2, ref ulong x3, ulong m0, ulong m1, ulong m2, ulong m3)
    {
        ulong top = 0;
        if ((x0 & 1) != 0)
        {
            x0 = Limbs.AddWithCarry(x0, m0, ref top);
            x1 = Limbs.AddWithCarry(x1, m1, ref top);
            x2 = Limbs.AddWithCarry(x2, m2, ref top);
            x3 = Limbs.AddWithCarry(x3, m3, ref top);
        }

        ShiftRight(ref x0, ref x1, ref x2, ref x3, top);
    }

    /// <summary>x = x - y mod m, both reduced.</summary>
    private static void SubtractMod(ref ulong x0, ref ulong x1, ref ulong x2, ref ulong x3, ulong y0, ulong y1, ulong y2, ulong y3,
        ulong m0, ulong m1, ulong m2, ulong m3)
    {
        ulong borrow = 0;
        x0 = Limbs.SubWithBorrow(x0, y0, ref borrow);
        x1 = Limbs.SubWithBorrow(x1, y1, ref borrow);
        x2 = Limbs.SubWithBorrow(x2, y2, ref borrow);
        x3 = Limbs.SubWithBorrow(x3, y3, ref borrow);
        if (borrow != 0)
        {
            ulong carry = 0;
            x0 = Limbs.AddWithCarry(x0, m0, ref carry);
            x1 = Limbs.AddWithCarry(x1, m1, ref carry);
            x2 = Limbs.AddWithCarry(x2, m2, ref carry);
            x3 = Limbs.AddWithCarry(x3, m3, ref carry);
        }
    }
}
