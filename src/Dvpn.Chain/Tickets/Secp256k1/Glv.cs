namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// The secp256k1 endomorphism (Gallant-Lambert-Vanstone): λ·(x, y) = (β·x, y), with λ^3 ≡ 1 (mod n) and
/// β^3 ≡ 1 (mod p). Splitting k = k1 + k2·λ with |k1|, |k2| &lt; 2^128 halves the doublings of a variable-base
/// multiplication. The lattice basis (a1, b1) = (0x3086...eb15, -0xe443...e4c3), (a2, b2) = (0x114c...4cfd8,
/// 0x3086...eb15) and the rounding constants g1 = round(2^384·b2/n), g2 = round(2^384·(-b1)/n) were derived with the
/// extended Euclidean algorithm on (n, λ); the tests recheck every identity.
/// </summary>
internal static class Glv
{
    public static readonly FieldElement Beta =
        new(0xC1396C28719501EE, 0x9CF0497512F58995, 0x6E64479EAC3434E9, 0x7AE96A2B657C0710);

    public static readonly Scalar Lambda =
        new(0xDF02967C1B23BD72, 0x122E22EA20816678, 0xA5261C028812645A, 0x5363AD4CC05C30E0);

    private static readonly Scalar s_g1 = new(0xE893209A45DBB031, 0x3DAA8A1471E8CA7F, 0xE86C90E49284EB15, 0x3086D221A7D46BCD);
    private static readonly Scalar s_g2 = new(0x1571B4AE8AC47F71, 0x221208AC9DF506C6, 0x6F547FA90ABFE4C4, 0xE4437ED6010E8828);
    private static readonly Scalar s_minusB1 = new(0x6F547FA90ABFE4C3, 0xE4437ED6010E8828, 0, 0);
    private static readonly Scalar s_minusB2 = new(0xD765CDA83DB1562C, 0x8A280AC50774346D, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF);

    /// <summary>
    /// Splits k into k ≡ (±k1) + (±k2)·λ (mod n) with k1, k2 below about 2^128; a true flag means the part is
    /// negated (the caller negates the point instead).
    /// </summary>
    public static void Split(in Scalar k, out Scalar k1, out bool negate1, out Scalar k2, out bool negate2)
    {
        Scalar.MulShift384(k, s_g1, out Scalar c1);
        Scalar.MulShift384(k, s_g2, out Scalar c2);

        // k2 = -c1·b1 - c2·b2, k1 = k - k2·λ
        Scalar.Mul(c1, s_minusB1, out Scalar t1);
        Scalar.Mul(c2, s_minusB2, out Scalar t2);
        Scalar.Add(t1, t2, out k2);
        Scalar.Mul(k2, Lambda, out Scalar t3);
        Scalar.Negate(t3, out t3);
        Scalar.Add(k, t3, out k1);

        negate1 = k1.IsHigh;
        if (negate1)
        {
            Scalar.Negate(k1, out k1);
        }

        negate2 = k2.IsHigh;
        if (negate2)
        {
            Scalar.Negate(k2, out k2);
        }
    }
}
