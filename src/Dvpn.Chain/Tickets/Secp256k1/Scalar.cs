using System.Buffers.Binary;

namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// An integer mod n, the order of the secp256k1 group, as four little-endian 64-bit limbs, fully reduced.
/// Variable-time, for public values only (see <see cref="FieldElement"/>).
/// </summary>
internal struct Scalar
{
    /// <summary>The size of an encoded scalar.</summary>
    public const int Size = 32;

    private const ulong N0 = 0xBFD25E8CD0364141, N1 = 0xBAAEDCE6AF48A03B, N2 = 0xFFFFFFFFFFFFFFFE, N3 = 0xFFFFFFFFFFFFFFFF;

    // 2^256 - n, a 129-bit value.
    private const ulong K0 = 0x402DA1732FC9BEBF, K1 = 0x4551231950B75FC4;

    // floor(n / 2): the largest "low" s.
    private const ulong H0 = 0xDFE92F46681B20A0, H1 = 0x5D576E7357A4501D, H2 = 0xFFFFFFFFFFFFFFFF, H3 = 0x7FFFFFFFFFFFFFFF;

    public ulong L0, L1, L2, L3;

    public Scalar(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public readonly bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public static Scalar One => new(1, 0, 0, 0);

    /// <summary>True when the value is above n / 2 (a "high" s that Ethereum rejects).</summary>
    public readonly bool IsHigh => Compare(L0, L1, L2, L3, H0, H1, H2, H3) > 0;

    /// <summary>Reads 32 bytes big-endian; false when the value is not below n.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bigEndian, out Scalar result)
    {
        if (bigEndian.Length != Size)
        {
            result = default;
            return false;
        }

        result = ReadRaw(bigEndian);
        return Compare(result.L0, result.L1, result.L2, result.L3, N0, N1, N2, N3) < 0;
    }

    /// <summary>Reads 32 bytes big-endian and reduces mod n (used for message digests).</summary>
    public static Scalar ReadReduced(ReadOnlySpan<byte> bigEndian)
    {
        Scalar s = ReadRaw(bigEndian);
        if (Compare(s.L0, s.L1, s.L2, s.L3, N0, N1, N2, N3) >= 0)
        {
            // Below 2^256 < 2n: one subtraction.
            s = SubN(s);
        }

        return s;
    }

    private static Scalar ReadRaw(ReadOnlySpan<byte> bigEndian) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bigEndian[24..]),
        BinaryPrimitives.ReadUInt64BigEndian(bigEndian[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bigEndian[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bigEndian[..8]));

    public readonly void WriteTo(Span<byte> bigEndian)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian, L3);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(bigEndian[24..], L0);
    }

    /// <summary>
    /// The <paramref name="count"/>-bit digit (1 to 32 bits) starting at bit <paramref name="offset"/>; bits at
    /// 256 and above read as zero.
    /// </summary>
    public readonly int GetBits(int offset, int count)
    {
        if (offset >= 256)
        {
            return 0;
        }

        int limb = offset >> 6;
        int shift = offset & 63;
        ulong value = Limb(limb) >> shift;
        if (shift + count > 64 && limb < 3)
        {
            value |= Limb(limb + 1) << (64 - shift);
        }

        return (int)(value & ((1UL << count) - 1));
    }

    private readonly ulong Limb(int index) => index switch { 0 => L0, 1 => L1, 2 => L2, _ => L3 };

    /// <summary>
    /// r = round(k * g / 2^384) for the GLV split (the result fits 128 bits for the constants it is used with).
    /// </summary>
    public static void MulShift384(in Scalar k, in Scalar g, out Scalar r)
    {
        Span<ulong> t = stackalloc ulong[8];
        Product(k, g, t);

        // Bits 384.. of the product, rounded by bit 383.
        ulong round = t[5] >> 63;
        ulong carry = 0;
        ulong r0 = Limbs.AddWithCarry(t[6], round, ref carry);
        ulong r1 = Limbs.AddWithCarry(t[7], 0, ref carry);
        r = new Scalar(r0, r1, 0, 0);
    }

    private static int Compare(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3)
    {
        if (a3 != b3)
        {
            return a3 < b3 ? -1 : 1;
        }

        if (a2 != b2)
        {
            return a2 < b2 ? -1 : 1;
        }

        if (a1 != b1)
        {
            return a1 < b1 ? -1 : 1;
        }

        return a0 == b0 ? 0 : a0 < b0 ? -1 : 1;
    }

    private static Scalar SubN(in Scalar a)
    {
        ulong b = 0;
        ulong r0 = Limbs.SubWithBorrow(a.L0, N0, ref b);
        ulong r1 = Limbs.SubWithBorrow(a.L1, N1, ref b);
        ulong r2 = Limbs.SubWithBorrow(a.L2, N2, ref b);
        ulong r3 = Limbs.SubWithBorrow(a.L3, N3, ref b);
        return new Scalar(r0, r1, r2, r3);
    }

    public static void Negate(in Scalar a, out Scalar r)
    {
        if (a.IsZero)
        {
            r = default;
            return;
        }

        ulong b = 0;
        ulong r0 = Limbs.SubWithBorrow(N0, a.L0, ref b);
        ulong r1 = Limbs.SubWithBorrow(N1, a.L1, ref b);
        ulong r2 = Limbs.SubWithBorrow(N2, a.L2, ref b);
        ulong r3 = Limbs.SubWithBorrow(N3, a.L3, ref b);
        r = new Scalar(r0, r1, r2, r3);
    }

    public static void Add(in Scalar a, in Scalar b, out Scalar r)
    {
        ulong carry = 0;
        ulong r0 = Limbs.AddWithCarry(a.L0, b.L0, ref carry);
        ulong r1 = Limbs.AddWithCarry(a.L1, b.L1, ref carry);
        ulong r2 = Limbs.AddWithCarry(a.L2, b.L2, ref carry);
        ulong r3 = Limbs.AddWithCarry(a.L3, b.L3, ref carry);
        var s = new Scalar(r0, r1, r2, r3);
        if (carry != 0 || Compare(r0, r1, r2, r3, N0, N1, N2, N3) >= 0)
        {
            // a + b < 2n: one subtraction, which also absorbs the carry (mod 2^256).
            s = SubN(s);
        }

        r = s;
    }

    public static void Mul(in Scalar a, in Scalar b, out Scalar r)
    {
        Span<ulong> t = stackalloc ulong[8];
        Product(a, b, t);
        Reduce(t, out r);
    }

    /// <summary>The full 512-bit product a * b, little-endian limbs.</summary>
    private static void Product(in Scalar a, in Scalar b, Span<ulong> t)
    {
        ulong c;
        c = Limbs.MulAdd(a.L0, b.L0, 0, 0, out t[0]);
        c = Limbs.MulAdd(a.L0, b.L1, c, 0, out t[1]);
        c = Limbs.MulAdd(a.L0, b.L2, c, 0, out t[2]);
        t[4] = Limbs.MulAdd(a.L0, b.L3, c, 0, out t[3]);
        c = Limbs.MulAdd(a.L1, b.L0, t[1], 0, out t[1]);
        c = Limbs.MulAdd(a.L1, b.L1, t[2], c, out t[2]);
        c = Limbs.MulAdd(a.L1, b.L2, t[3], c, out t[3]);
        t[5] = Limbs.MulAdd(a.L1, b.L3, t[4], c, out t[4]);
        c = Limbs.MulAdd(a.L2, b.L0, t[2], 0, out t[2]);
        c = Limbs.MulAdd(a.L2, b.L1, t[3], c, out t[3]);
        c = Limbs.MulAdd(a.L2, b.L2, t[4], c, out t[4]);
        t[6] = Limbs.MulAdd(a.L2, b.L3, t[5], c, out t[5]);
        c = Limbs.MulAdd(a.L3, b.L0, t[3], 0, out t[3]);
        c = Limbs.MulAdd(a.L3, b.L1, t[4], c, out t[4]);
        c = Limbs.MulAdd(a.L3, b.L2, t[5], c, out t[5]);
        t[7] = Limbs.MulAdd(a.L3, b.L3, t[6], c, out t[6]);
    }

    /// <summary>Reduces an 8-limb value mod n by folding the high limbs with 2^256 ≡ K (mod n).</summary>
    private static void Reduce(Span<ulong> t, out Scalar r)
    {
        // Each fold replaces hi * 2^256 by hi * K, where K < 2^129: 512 -> 386 -> 260 -> 257 bits. The loop stops
        // when nothing is left above 2^256; the value is then below 2^256 < 2n.
        Span<ulong> next = stackalloc ulong[8];
        int length = 8;
        while (length > 4)
        {
            next.Clear();
            t[..4].CopyTo(next);
            for (int i = 4; i < length; i++)
            {
                ulong h = t[i];
                if (h == 0)
                {
                    continue;
                }

                // next[i - 4 ..] += h * (K0 + K1 * 2^64 + 2^128)
                int j = i - 4;
                ulong carry = Limbs.MulAdd(h, K0, next[j], 0, out next[j]);
                carry = Limbs.MulAdd(h, K1, next[j + 1], carry, out next[j + 1]);
                ulong carryOut = 0;
                next[j + 2] = Limbs.AddWithCarry(next[j + 2], h, ref carryOut);
                ulong carryOut2 = 0;
                next[j + 2] = Limbs.AddWithCarry(next[j + 2], carry, ref carryOut2);
                carry = carryOut + carryOut2;
                for (int k = j + 3; carry != 0 && k < 8; k++)
                {
                    ulong cc = 0;
                    next[k] = Limbs.AddWithCarry(next[k], carry, ref cc);
                    carry = cc;
                }
            }

            next.CopyTo(t);
            length = 8;
            while (length > 4 && t[length - 1] == 0)
            {
                length--;
            }
        }

        var s = new Scalar(t[0], t[1], t[2], t[3]);
        if (Compare(s.L0, s.L1, s.L2, s.L3, N0, N1, N2, N3) >= 0)
        {
            s = SubN(s);
        }

        r = s;
    }

    /// <summary>r = a^-1 mod n (variable-time binary extended Euclid); zero maps to zero.</summary>
    public static void Inverse(in Scalar a, out Scalar r)
    {
        ModularInverse.Invert(a.L0, a.L1, a.L2, a.L3, N0, N1, N2, N3, out ulong r0, out ulong r1, out ulong r2, out ulong r3);
        r = new Scalar(r0, r1, r2, r3);
    }
}
