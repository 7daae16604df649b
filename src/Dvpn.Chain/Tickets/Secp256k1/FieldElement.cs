using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// An element of the secp256k1 base field, p = 2^256 - 2^32 - 977, as four little-endian 64-bit limbs, always
/// fully reduced (&lt; p). The arithmetic is variable-time: it only ever sees public data (signatures, public keys,
/// digests), never a private key. Signing goes through a constant-time library instead.
/// </summary>
internal struct FieldElement
{
    /// <summary>The size of an encoded element.</summary>
    public const int Size = 32;

    // p = 2^256 - C; the upper three limbs of p are all ones.
    private const ulong P0 = 0xFFFFFFFEFFFFFC2F;
    private const ulong C = 0x1000003D1;

    public ulong L0, L1, L2, L3;

    public FieldElement(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public static FieldElement Zero => default;

    public static FieldElement One => new(1, 0, 0, 0);

    public readonly bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public readonly bool IsOdd => (L0 & 1) != 0;

    /// <summary>Reads a 32-byte big-endian value; false when it is not below p.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bigEndian, out FieldElement result)
    {
        if (bigEndian.Length != Size)
        {
            result = default;
            return false;
        }

        result = new FieldElement(
            BinaryPrimitives.ReadUInt64BigEndian(bigEndian[24..]),
            BinaryPrimitives.ReadUInt64BigEndian(bigEndian[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bigEndian[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bigEndian));
        return !IsAtLeastP(result.L0, result.L1, result.L2, result.L3);
    }

    /// <summary>Writes the value as 32 bytes big-endian.</summary>
    public readonly void WriteTo(Span<byte> bigEndian)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian, L3);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian[24..], L0);
    }

    public static bool Equal(in FieldElement a, in FieldElement b) =>
        ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3)) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAtLeastP(ulong l0, ulong l1, ulong l2, ulong l3) =>
        (l3 & l2 & l1) == ulong.MaxValue && l0 >= P0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in FieldElement a, in FieldElement b, out FieldElement r)
    {
        ulong carry = 0;
        ulong r0 = Limbs.AddWithCarry(a.L0, b.L0, ref carry);
        ulong r1 = Limbs.AddWithCarry(a.L1, b.L1, ref carry);
        ulong r2 = Limbs.AddWithCarry(a.L2, b.L2, ref carry);
        ulong r3 = Limbs.AddWithCarry(a.L3, b.L3, ref carry);
        if (carry != 0 || IsAtLeastP(r0, r1, r2, r3))
        {
            // a + b < 2p, so subtracting p once suffices; mod 2^256 that is adding C and dropping the carry.
            ulong c = 0;
            r0 = Limbs.AddWithCarry(r0, C, ref c);
            r1 = Limbs.AddWithCarry(r1, 0, ref c);
            r2 = Limbs.AddWithCarry(r2, 0, ref c);
            r3 = Limbs.AddWithCarry(r3, 0, ref c);
        }

        r = new FieldElement(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in FieldElement a, in FieldElement b, out FieldElement r)
    {
        ulong borrow = 0;
        ulong r0 = Limbs.SubWithBorrow(a.L0, b.L0, ref borrow);
        ulong r1 = Limbs.SubWithBorrow(a.L1, b.L1, ref borrow);
        ulong r2 = Limbs.SubWithBorrow(a.L2, b.L2, ref borrow);
        ulong r3 = Limbs.SubWithBorrow(a.L3, b.L3, ref borrow);
        if (borrow != 0)
        {
            // The wrapped difference is a - b + 2^256; adding p means subtracting C, which cannot underflow
            // because a - b + p >= 0.
            ulong c = 0;
            r0 = Limbs.SubWithBorrow(r0, C, ref c);
            r1 = Limbs.SubWithBorrow(r1, 0, ref c);
            r2 = Limbs.SubWithBorrow(r2, 0, ref c);
            r3 = Limbs.SubWithBorrow(r3, 0, ref c);
        }

        r = new FieldElement(r0, r1, r2, r3);
    }

    public static void Negate(in FieldElement a, out FieldElement r) => Sub(Zero, a, out r);

    public static void Double(in FieldElement a, out FieldElement r) => Add(a, a, out r);

    public static void Mul(in FieldElement a, in FieldElement b, out FieldElement r)
    {
        ulong t0, t1, t2, t3, t4, t5, t6, t7, c;

        c = Limbs.MulAdd(a.L0, b.L0, 0, 0, out t0);
        c = Limbs.MulAdd(a.L0, b.L1, c, 0, out t1);
        c = Limbs.MulAdd(a.L0, b.L2, c, 0, out t2);
        t4 = Limbs.MulAdd(a.L0, b.L3, c, 0, out t3);

        c = Limbs.MulAdd(a.L1, b.L0, t1, 0, out t1);
        c = Limbs.MulAdd(a.L1, b.L1, t2, c, out t2);
        c = Limbs.MulAdd(a.L1, b.L2, t3, c, out t3);
        t5 = Limbs.MulAdd(a.L1, b.L3, t4, c, out t4);

        c = Limbs.MulAdd(a.L2, b.L0, t2, 0, out t2);
        c = Limbs.MulAdd(a.L2, b.L1, t3, c, out t3);
        c = Limbs.MulAdd(a.L2, b.L2, t4, c, out t4);
        t6 = Limbs.MulAdd(a.L2, b.L3, t5, c, out t5);

        c = Limbs.MulAdd(a.L3, b.L0, t3, 0, out t3);
        c = Limbs.MulAdd(a.L3, b.L1, t4, c, out t4);
        c = Limbs.MulAdd(a.L3, b.L2, t5, c, out t5);
        t7 = Limbs.MulAdd(a.L3, b.L3, t6, c, out t6);

        Reduce(t0, t1, t2, t3, t4, t5, t6, t7, out r);
    }

    public static void Square(in FieldElement a, out FieldElement r)
    {
        // Off-diagonal products once, doubled, plus the squares on the diagonal: 10 multiplications, not 16.
        ulong t1, t2, t3, t4, t5, t6, t7, c;

        c = Limbs.MulAdd(a.L0, a.L1, 0, 0, out t1);
        c = Limbs.MulAdd(a.L0, a.L2, c, 0, out t2);
        t4 = Limbs.MulAdd(a.L0, a.L3, c, 0, out t3);

        c = Limbs.MulAdd(a.L1, a.L2, t3, 0, out t3);
        t5 = Limbs.MulAdd(a.L1, a.L3, t4, c, out t4);

        t6 = Limbs.MulAdd(a.L2, a.L3, t5, 0, out t5);

        t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;

        ulong hi = Math.BigMul(a.L0, a.L0, out ulong t0);
        ulong carry = 0;
        t1 = Limbs.AddWithCarry(t1, hi, ref carry);
        hi = Math.BigMul(a.L1, a.L1, out ulong lo);
        t2 = Limbs.AddWithCarry(t2, lo, ref carry);
        t3 = Limbs.AddWithCarry(t3, hi, ref carry);
        hi = Math.BigMul(a.L2, a.L2, out lo);
        t4 = Limbs.AddWithCarry(t4, lo, ref carry);
        t5 = Limbs.AddWithCarry(t5, hi, ref carry);
        hi = Math.BigMul(a.L3, a.L3, out lo);
        t6 = Limbs.AddWithCarry(t6, lo, ref carry);
        t7 = Limbs.AddWithCarry(t7, hi, ref carry);

        Reduce(t0, t1, t2, t3, t4, t5, t6, t7, out r);
    }

    /// <summary>Reduces a 512-bit value mod p using 2^256 ≡ C (mod p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7,
        out FieldElement r)
    {
        // First fold: low + high * C, below 2^256 * 2^34.
        ulong c = Limbs.MulAdd(t4, C, t0, 0, out ulong r0);
        c = Limbs.MulAdd(t5, C, t1, c, out ulong r1);
        c = Limbs.MulAdd(t6, C, t2, c, out ulong r2);
        c = Limbs.MulAdd(t7, C, t3, c, out ulong r3);

        // Second fold: the top word (below 2^34) times C is below 2^67.
        ulong hi = Math.BigMul(c, C, out ulong lo);
        ulong carry = 0;
        r0 = Limbs.AddWithCarry(r0, lo, ref carry);
        r1 = Limbs.AddWithCarry(r1, hi, ref carry);
        r2 = Limbs.AddWithCarry(r2, 0, ref carry);
        r3 = Limbs.AddWithCarry(r3, 0, ref carry);
        if (carry != 0)
        {
            // Only possible when the sum wrapped, which leaves it tiny: adding C cannot carry again.
            ulong c2 = 0;
            r0 = Limbs.AddWithCarry(r0, C, ref c2);
            r1 = Limbs.AddWithCarry(r1, 0, ref c2);
            r2 = Limbs.AddWithCarry(r2, 0, ref c2);
            r3 = Limbs.AddWithCarry(r3, 0, ref c2);
        }

        if (IsAtLeastP(r0, r1, r2, r3))
        {
            ulong c3 = 0;
            r0 = Limbs.AddWithCarry(r0, C, ref c3);
            r1 = Limbs.AddWithCarry(r1, 0, ref c3);
            r2 = Limbs.AddWithCarry(r2, 0, ref c3);
            r3 = Limbs.AddWithCarry(r3, 0, ref c3);
        }

        r = new FieldElement(r0, r1, r2, r3);
    }

    private static void SquareTimes(in FieldElement a, int times, out FieldElement r)
    {
        Square(a, out r);
        for (int i = 1; i < times; i++)
        {
            Square(r, out r);
        }
    }

    /// <summary>
    /// Computes a^(2^223 - 1), the prefix of the exponent (p + 1) / 4, and the short runs of ones it reuses.
    /// </summary>
    private static void OnesChain(in FieldElement a, out FieldElement x2, out FieldElement x22, out FieldElement x223)
    {
        // xk = a^(2^k - 1): a run of k one bits.
        Square(a, out x2);
        Mul(x2, a, out x2);
        Square(x2, out FieldElement x3);
        Mul(x3, a, out x3);
        SquareTimes(x3, 3, out FieldElement x6);
        Mul(x6, x3, out x6);
        SquareTimes(x6, 3, out FieldElement x9);
        Mul(x9, x3, out x9);
        SquareTimes(x9, 2, out FieldElement x11);
        Mul(x11, x2, out x11);
        SquareTimes(x11, 11, out x22);
        Mul(x22, x11, out x22);
        SquareTimes(x22, 22, out FieldElement x44);
        Mul(x44, x22, out x44);
        SquareTimes(x44, 44, out FieldElement x88);
        Mul(x88, x44, out x88);
        SquareTimes(x88, 88, out FieldElement x176);
        Mul(x176, x88, out x176);
        SquareTimes(x176, 44, out FieldElement x220);
        Mul(x220, x44, out x220);
        SquareTimes(x220, 3, out x223);
        Mul(x223, x3, out x223);
    }

    /// <summary>r = a^-1 (variable-time binary extended Euclid); the inverse of zero comes out as zero.</summary>
    public static void Inverse(in FieldElement a, out FieldElement r)
    {
        ModularInverse.Invert(a.L0, a.L1, a.L2, a.L3, P0, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue,
            out ulong r0, out ulong r1, out ulong r2, out ulong r3);
        r = new FieldElement(r0, r1, r2, r3);
    }

    /// <summary>r = a square root of a; false (r undefined) when a is not a quadratic residue.</summary>
    public static bool Sqrt(in FieldElement a, out FieldElement r)
    {
        // p ≡ 3 (mod 4), so a^((p+1)/4) is a root when one exists; (p+1)/4 = [223 ones] 0 [22 ones] 0000 11 00.
        OnesChain(a, out FieldElement x2, out FieldElement x22, out FieldElement t);
        SquareTimes(t, 23, out t);
        Mul(t, x22, out t);
        SquareTimes(t, 6, out t);
        Mul(t, x2, out t);
        SquareTimes(t, 2, out r);
        Square(r, out FieldElement check);
        return Equal(check, a);
    }
}
