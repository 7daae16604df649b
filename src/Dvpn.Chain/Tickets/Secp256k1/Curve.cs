namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// secp256k1 (y^2 = x^3 + 7 over F_p, generator G of prime order n) with the two public-data operations the
/// provider needs: ecrecover and ECDSA verification against a known key. Both follow Ethereum's rules: r and s in
/// [1, n - 1], s at most n / 2, and R.x equal to r itself (recovery ids 2 and 3, where R.x = r + n, are not
/// representable in a 27/28 v, so the contract would recover a different key).
/// </summary>
internal static class Curve
{
    public static readonly FieldElement B = new(7, 0, 0, 0);

    public static readonly AffinePoint G = new(
        new FieldElement(0x59F2815B16F81798, 0x029BFCDB2DCE28D9, 0x55A06295CE870B07, 0x79BE667EF9DCBBAC),
        new FieldElement(0x9C47D08FFB10D4B8, 0xFD17B448A6855419, 0x5DA4FBFC0E1108A8, 0x483ADA7726A3C465));

    /// <summary>Window width of per-key tables: 43 additions per multiplication, 86 KiB per key.</summary>
    public const int KeyTableWindowBits = 6;

    /// <summary>Window width of the generator table: 33 additions, 264 KiB, built once.</summary>
    public const int GeneratorTableWindowBits = 8;

    /// <summary>k * G in 33 affine additions; built on first use (a few ms), shared by all threads.</summary>
    private static FixedBaseTable GTable => GeneratorTable.Instance;

    /// <summary>
    /// Recovers the public key that made (r, s) with y-parity <paramref name="odd"/> over <paramref name="digest"/>:
    /// Q = r^-1 (s R - e G). False when the signature cannot have been made by any key.
    /// </summary>
    public static bool TryRecover(ReadOnlySpan<byte> digest, in Scalar r, in Scalar s, bool odd, out AffinePoint publicKey)
    {
        publicKey = default;
        if (r.IsZero || s.IsZero || s.IsHigh)
        {
            return false;
        }

        // r < n < p, so it is always a valid field element.
        var x = new FieldElement(r.L0, r.L1, r.L2, r.L3);
        if (!AffinePoint.TryDecompress(x, odd, out AffinePoint bigR))
        {
            return false;
        }

        Scalar e = Scalar.ReadReduced(digest);
        Scalar.Inverse(r, out Scalar rInv);
        Scalar.Mul(e, rInv, out Scalar u1);
        Scalar.Negate(u1, out u1);
        Scalar.Mul(s, rInv, out Scalar u2);

        JacobianPoint q = JacobianPoint.Infinity;
        GTable.MultiplyAdd(u1, ref q);
        Wnaf.MultiplyAdd(bigR, u2, ref q);
        return JacobianPoint.TryToAffine(q, out publicKey);
    }

    /// <summary>
    /// True when (r, s, <paramref name="odd"/>) over <paramref name="digest"/> recovers to the key whose table is
    /// <paramref name="publicKeyTable"/>: R = s^-1 (e G + r Q) must have x = r and y of the given parity.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> digest, in Scalar r, in Scalar s, bool odd, FixedBaseTable publicKeyTable)
    {
        if (r.IsZero || s.IsZero || s.IsHigh)
        {
            return false;
        }

        Scalar e = Scalar.ReadReduced(digest);
        Scalar.Inverse(s, out Scalar w);
        Scalar.Mul(e, w, out Scalar u1);
        Scalar.Mul(r, w, out Scalar u2);

        JacobianPoint sum = JacobianPoint.Infinity;
        GTable.MultiplyAdd(u1, ref sum);
        publicKeyTable.MultiplyAdd(u2, ref sum);
        if (!JacobianPoint.TryToAffine(sum, out AffinePoint bigR))
        {
            return false;
        }

        return bigR.X.L0 == r.L0 && bigR.X.L1 == r.L1 && bigR.X.L2 == r.L2 && bigR.X.L3 == r.L3 && bigR.Y.IsOdd == odd;
    }

    /// <summary>Builds the per-key table <see cref="Verify"/> needs (about a millisecond).</summary>
    public static FixedBaseTable CreateKeyTable(in AffinePoint publicKey) => new(publicKey, KeyTableWindowBits);

    /// <summary>Holder so the generator table is built on first use, not when the type is touched.</summary>
    private static class GeneratorTable
    {
        public static readonly FixedBaseTable Instance = new(G, GeneratorTableWindowBits);
    }
}
