namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// Precomputed multiples of one fixed point P for doubling-free scalar multiplication: the scalar is cut into
/// w-bit windows and window i holds d * 2^(w i) * P for every digit d in 1 .. 2^w - 1, so k * P is one affine
/// addition per non-zero window. With w = 8 that is 32 additions and 8,160 points (510 KiB); with w = 4,
/// 64 additions and 960 points (60 KiB).
/// </summary>
internal sealed class FixedBaseTable
{
    private readonly AffinePoint[] _points;
    private readonly int _windowBits;
    private readonly int _windows;
    private readonly int _digits;

    public FixedBaseTable(in AffinePoint basePoint, int windowBits)
    {
        if (windowBits is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(windowBits), windowBits, "the window must divide 64");
        }

        _windowBits = windowBits;
        _windows = 256 / windowBits;
        _digits = (1 << windowBits) - 1;

        var jacobian = new JacobianPoint[_windows * _digits];
        AffinePoint windowBase = basePoint;
        for (int w = 0; w < _windows; w++)
        {
            int offset = w * _digits;
            JacobianPoint acc = JacobianPoint.FromAffine(windowBase);
            jacobian[offset] = acc;
            for (int d = 1; d < _digits; d++)
            {
                JacobianPoint.AddAffine(acc, windowBase, out acc);
                jacobian[offset + d] = acc;
            }

            if (w + 1 < _windows)
            {
                // The next window's base is 2^w times this one: one more addition.
                JacobianPoint.AddAffine(acc, windowBase, out acc);
                if (!JacobianPoint.TryToAffine(acc, out windowBase))
                {
                    throw new InvalidOperationException("a table point is at infinity; the base point is not of order n");
                }
            }
        }

        _points = new AffinePoint[jacobian.Length];
        JacobianPoint.BatchToAffine(jacobian, _points);
    }

    /// <summary>r = k * P.</summary>
    public void Multiply(in Scalar k, out JacobianPoint r)
    {
        JacobianPoint acc = JacobianPoint.Infinity;
        AffinePoint[] points = _points;
        int bits = _windowBits;
        for (int w = 0; w < _windows; w++)
        {
            int digit = k.GetBits(w * bits, bits);
            if (digit != 0)
            {
                JacobianPoint.AddAffine(acc, points[(w * _digits) + digit - 1], out acc);
            }
        }

        r = acc;
    }
}
