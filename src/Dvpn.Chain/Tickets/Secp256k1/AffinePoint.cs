namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>A finite point (x, y) on y^2 = x^3 + 7; the point at infinity has no affine form.</summary>
internal struct AffinePoint
{
    public FieldElement X;
    public FieldElement Y;

    public AffinePoint(in FieldElement x, in FieldElement y)
    {
        X = x;
        Y = y;
    }

    /// <summary>True when (x, y) satisfies the curve equation.</summary>
    public readonly bool IsOnCurve()
    {
        FieldElement.Square(Y, out FieldElement lhs);
        FieldElement.Square(X, out FieldElement rhs);
        FieldElement.Mul(rhs, X, out rhs);
        FieldElement.Add(rhs, Curve.B, out rhs);
        return FieldElement.Equal(lhs, rhs);
    }

    /// <summary>The point with this x and the y of the given parity; false when x is not on the curve.</summary>
    public static bool TryDecompress(in FieldElement x, bool odd, out AffinePoint point)
    {
        FieldElement.Square(x, out FieldElement y2);
        FieldElement.Mul(y2, x, out y2);
        FieldElement.Add(y2, Curve.B, out y2);
        if (!FieldElement.Sqrt(y2, out FieldElement y))
        {
            point = default;
            return false;
        }

        if (y.IsOdd != odd)
        {
            FieldElement.Negate(y, out y);
        }

        point = new AffinePoint(x, y);
        return true;
    }

    public static void Negate(in AffinePoint p, out AffinePoint r)
    {
        FieldElement.Negate(p.Y, out FieldElement y);
        r = new AffinePoint(p.X, y);
    }
}
