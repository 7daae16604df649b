using System.Runtime.CompilerServices;

namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>Carry-propagating 64-bit limb primitives shared by the field and scalar arithmetic.</summary>
internal static class Limbs
{
    /// <summary>Returns <c>a + b + carry</c> mod 2^64 and sets <paramref name="carry"/> to the carry out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddWithCarry(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b;
        ulong c = s < a ? 1UL : 0UL;
        ulong t = s + carry;
        c += t < s ? 1UL : 0UL;
        carry = c;
        return t;
    }

    /// <summary>Returns <c>a - b - borrow</c> mod 2^64 and sets <paramref name="borrow"/> to the borrow out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SubWithBorrow(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b;
        ulong c = a < b ? 1UL : 0UL;
        ulong t = d - borrow;
        c += d < borrow ? 1UL : 0UL;
        borrow = c;
        return t;
    }

    /// <summary>The high word of the 128-bit product <c>a * b</c>.</summary>
    /// <remarks>
    /// Taking the low word separately (a plain multiply) keeps both halves in registers; the <c>out</c> form of
    /// <see cref="Math.BigMul(ulong, ulong, out ulong)"/> makes the JIT spill the low word to the stack on every call.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHigh(ulong a, ulong b) =>
        System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported
            ? System.Runtime.Intrinsics.X86.Bmi2.X64.MultiplyNoFlags(a, b)
            : Math.BigMul(a, b, out _);

    /// <summary>
    /// Returns the high word of <c>a * b + x + y</c> and the low word in <paramref name="low"/>; the sum never
    /// overflows 128 bits because (2^64-1)^2 + 2(2^64-1) = 2^128 - 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulAdd(ulong a, ulong b, ulong x, ulong y, out ulong low)
    {
        ulong high = MulHigh(a, b);
        ulong l = unchecked(a * b);
        l += x;
        high += l < x ? 1UL : 0UL;
        l += y;
        high += l < y ? 1UL : 0UL;
        low = l;
        return high;
    }
}
