namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// A point in Jacobian coordinates, (X, Y, Z) standing for (X / Z^2, Y / Z^3); Z = 0 is the point at infinity.
/// Formulas are the standard ones for a = 0 curves; every special case (infinity, P + P, P + (-P)) is handled,
/// since a forged signature may steer an intermediate sum into one.
/// </summary>
internal struct JacobianPoint
{
    public FieldElement X;
    public FieldElement Y;
    public FieldElement Z;

    public static JacobianPoint Infinity => default;

    public readonly bool IsInfinity => Z.IsZero;

    public static JacobianPoint FromAffine(in AffinePoint p) =>
        new() { X = p.X, Y = p.Y, Z = FieldElement.One };

    /// <summary>r = 2p (2M + 5S).</summary>
    public static void Double(in JacobianPoint p, out JacobianPoint r)
    {
        if (p.IsInfinity)
        {
            r = Infinity;
            return;
        }

        // A = X^2, B = Y^2, C = B^2, D = 2((X + B)^2 - A - C), E = 3A, F = E^2
        FieldElement.Square(p.X, out FieldElement a);
        FieldElement.Square(p.Y, out FieldElement b);
        FieldElement.Square(b, out FieldElement c);
        FieldElement.Add(p.X, b, out FieldElement d);
        FieldElement.Square(d, out d);
        FieldElement.Sub(d, a, out d);
        FieldElement.Sub(d, c, out d);
        FieldElement.Double(d, out d);
        FieldElement.Double(a, out FieldElement e);
        FieldElement.Add(e, a, out e);
        FieldElement.Square(e, out FieldElement f);

        // Z3 = 2 Y Z (computed first: r may alias p)
        FieldElement.Mul(p.Y, p.Z, out FieldElement z3);
        FieldElement.Double(z3, out z3);

        // X3 = F - 2D
        FieldElement.Double(d, out FieldElement x3);
        FieldElement.Sub(f, x3, out x3);

        // Y3 = E (D - X3) - 8C
        FieldElement.Sub(d, x3, out FieldElement y3);
        FieldElement.Mul(e, y3, out y3);
        FieldElement.Double(c, out c);
        FieldElement.Double(c, out c);
        FieldElement.Double(c, out c);
        FieldElement.Sub(y3, c, out y3);

        r.X = x3;
        r.Y = y3;
        r.Z = z3;
    }

    /// <summary>r = p + q with q affine (8M + 3S).</summary>
    public static void AddAffine(in JacobianPoint p, in AffinePoint q, out JacobianPoint r)
    {
        if (p.IsInfinity)
        {
            r = FromAffine(q);
            return;
        }

        // U2 = x2 Z1^2, S2 = y2 Z1^3, H = U2 - X1, R = S2 - Y1
        FieldElement.Square(p.Z, out FieldElement z1z1);
        FieldElement.Mul(q.X, z1z1, out FieldElement h);
        FieldElement.Sub(h, p.X, out h);
        FieldElement.Mul(z1z1, p.Z, out FieldElement s2);
        FieldElement.Mul(s2, q.Y, out s2);
        FieldElement.Sub(s2, p.Y, out FieldElement rr);

        if (h.IsZero)
        {
            if (rr.IsZero)
            {
                Double(p, out r);
            }
            else
            {
                r = Infinity;
            }

            return;
        }

        Finish(p.X, p.Y, p.Z, h, rr, out r);
    }

    /// <summary>r = p + q (12M + 4S).</summary>
    public static void Add(in JacobianPoint p, in JacobianPoint q, out JacobianPoint r)
    {
        if (p.IsInfinity)
        {
            r = q;
            return;
        }

        if (q.IsInfinity)
        {
            r = p;
            return;
        }

        // U1 = X1 Z2^2, U2 = X2 Z1^2, S1 = Y1 Z2^3, S2 = Y2 Z1^3, H = U2 - U1, R = S2 - S1
        FieldElement.Square(p.Z, out FieldElement z1z1);
        FieldElement.Square(q.Z, out FieldElement z2z2);
        FieldElement.Mul(p.X, z2z2, out FieldElement u1);
        FieldElement.Mul(q.X, z1z1, out FieldElement h);
        FieldElement.Sub(h, u1, out h);
        FieldElement.Mul(q.Z, z2z2, out FieldElement s1);
        FieldElement.Mul(s1, p.Y, out s1);
        FieldElement.Mul(p.Z, z1z1, out FieldElement s2);
        FieldElement.Mul(s2, q.Y, out s2);
        FieldElement.Sub(s2, s1, out FieldElement rr);

        if (h.IsZero)
        {
            if (rr.IsZero)
            {
                Double(p, out r);
            }
            else
            {
                r = Infinity;
            }

            return;
        }

        FieldElement.Mul(p.Z, q.Z, out FieldElement z1z2);
        Finish(u1, s1, z1z2, h, rr, out r);
    }

    /// <summary>
    /// The shared tail of both additions: X3 = R^2 - H^3 - 2 U1 H^2, Y3 = R (U1 H^2 - X3) - S1 H^3, Z3 = Z H.
    /// </summary>
    private static void Finish(in FieldElement u1, in FieldElement s1, in FieldElement z, in FieldElement h,
        in FieldElement rr, out JacobianPoint r)
    {
        FieldElement.Square(h, out FieldElement hh);
        FieldElement.Mul(hh, h, out FieldElement hhh);
        FieldElement.Mul(u1, hh, out FieldElement v);

        FieldElement.Square(rr, out FieldElement x3);
        FieldElement.Sub(x3, hhh, out x3);
        FieldElement.Sub(x3, v, out x3);
        FieldElement.Sub(x3, v, out x3);

        FieldElement.Sub(v, x3, out FieldElement y3);
        FieldElement.Mul(y3, rr, out y3);
        FieldElement.Mul(s1, hhh, out FieldElement t);
        FieldElement.Sub(y3, t, out y3);

        FieldElement.Mul(z, h, out FieldElement z3);

        r.X = x3;
        r.Y = y3;
        r.Z = z3;
    }

    public static void Negate(in JacobianPoint p, out JacobianPoint r)
    {
        FieldElement.Negate(p.Y, out FieldElement y);
        r.X = p.X;
        r.Y = y;
        r.Z = p.Z;
    }

    /// <summary>The affine form of p; false for the point at infinity.</summary>
    public static bool TryToAffine(in JacobianPoint p, out AffinePoint r)
    {
        if (p.IsInfinity)
        {
            r = default;
            return false;
        }

        FieldElement.Inverse(p.Z, out FieldElement zInv);
        ToAffine(p, zInv, out r);
        return true;
    }

    private static void ToAffine(in JacobianPoint p, in FieldElement zInv, out AffinePoint r)
    {
        FieldElement.Square(zInv, out FieldElement zInv2);
        FieldElement.Mul(p.X, zInv2, out FieldElement x);
        FieldElement.Mul(zInv2, zInv, out FieldElement zInv3);
        FieldElement.Mul(p.Y, zInv3, out FieldElement y);
        r = new AffinePoint(x, y);
    }

    /// <summary>
    /// Converts many points with one field inversion (Montgomery's trick). No point may be at infinity.
    /// </summary>
    public static void BatchToAffine(ReadOnlySpan<JacobianPoint> points, Span<AffinePoint> result)
    {
        if (points.Length == 0)
        {
            return;
        }

        // prefix[i] = Z0 * ... * Zi, kept in result's X slots to avoid another buffer.
        FieldElement acc = points[0].Z;
        result[0].X = acc;
        for (int i = 1; i < points.Length; i++)
        {
            FieldElement.Mul(acc, points[i].Z, out acc);
            result[i].X = acc;
        }

        FieldElement.Inverse(acc, out FieldElement inv);
        for (int i = points.Length - 1; i > 0; i--)
        {
            // inv = (Z0 ... Zi)^-1, so Zi^-1 = inv * (Z0 ... Zi-1)
            FieldElement.Mul(inv, result[i - 1].X, out FieldElement zInv);
            FieldElement.Mul(inv, points[i].Z, out inv);
            ToAffine(points[i], zInv, out result[i]);
        }

        ToAffine(points[0], inv, out result[0]);
    }
}
