namespace Dvpn.Chain.Tickets.Secp256k1;

/// <summary>
/// Precomputed multiples of one fixed point P for doubling-free scalar multiplication. The scalar is recoded into
/// signed w-bit digits d_i in [-2^(w-1), 2^(w-1)] with k = Σ d_i 2^(w i); window i stores |d| 2^(w i) P for
/// |d| = 1 .. 2^(w-1), and a negative digit adds the negated point. So k P is one affine addition per non-zero
/// window: with w = 8, 33 additions from 4,224 points (264 KiB); with w = 6, 43 additions from 1,376 points (86 KiB).
/// </summary>
internal sealed class FixedBaseTable
{
    private readonly AffinePoint[] _points;
    private readonly int _windowBits;
    private readonly int _windows;
    private readonly int _perWindow;

    public FixedBaseTable(in AffinePoint basePoint, int windowBits)
    {
        if (windowBits is < 2 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(windowBits), windowBits, "between 2 and 8");
        }

        _windowBits = windowBits;

        // One window more than 256 bits need, for the carry the signed recoding pushes out of the top.
        _windows = (256 / windowBits) + 1;
        _perWindow = 1 << (windowBits - 1);

        var jacobian = new JacobianPoint[_windows * _perWindow];
        AffinePoint windowBase = basePoint;
        for (int w = 0; w < _windows; w++)
        {
            int offset = w * _perWindow;
            JacobianPoint acc = JacobianPoint.FromAffine(windowBase);
            jacobian[offset] = acc;
            for (int d = 1; d < _perWindow; d++)
            {
                JacobianPoint.AddAffine(acc, windowBase, out acc);
                jacobian[offset + d] = acc;
            }

            if (w + 1 < _windows)
            {
                // The next window's base is 2^w times this one: twice the largest multiple.
                JacobianPoint.Double(acc, out acc);
                if (!JacobianPoint.TryToAffine(acc, out windowBase))
                {
                    throw new InvalidOperationException("a table point is at infinity; the base point is not of order n");
                }
            }
        }

        _points = new AffinePoint[jacobian.Length];
        JacobianPoint.BatchToAffine(jacobian, _points);
    }

    /// <summary>acc = acc + k * P.</summary>
    public void MultiplyAdd(in Scalar k, ref JacobianPoint acc)
    {
        AffinePoint[] points = _points;
        int bits = _windowBits;
        int full = 1 << bits;
        int carry = 0;
        for (int w = 0; w < _windows; w++)
        {
            int digit = k.GetBits(w * bits, bits) + carry;
            carry = 0;
            if (digit > _perWindow)
            {
                digit -= full;
                carry = 1;
            }

            if (digit > 0)
            {
                JacobianPoint.AddAffine(acc, points[(w * _perWindow) + digit - 1], out acc);
            }
            else if (digit < 0)
            {
                AffinePoint.Negate(points[(w * _perWindow) - digit - 1], out AffinePoint negated);
                JacobianPoint.AddAffine(acc, negated, out acc);
            }
        }
    }

    /// <summary>r = k * P.</summary>
    public void Multiply(in Scalar k, out JacobianPoint r)
    {
        r = JacobianPoint.Infinity;
        MultiplyAdd(k, ref r);
    }
}
