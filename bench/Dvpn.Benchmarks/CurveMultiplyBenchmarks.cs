using BenchmarkDotNet.Attributes;
using Dvpn.Chain.Tickets.Secp256k1;

namespace Dvpn.Benchmarks;

/// <summary>The scalar multiplications that make up recovery and verification.</summary>
public class CurveMultiplyBenchmarks
{
    private FixedBaseTable _g8 = null!;
    private FixedBaseTable _key6 = null!;
    private Scalar _k;
    private AffinePoint _p;

    [GlobalSetup]
    public void Setup()
    {
        _g8 = new FixedBaseTable(Curve.G, Curve.GeneratorTableWindowBits);
        _key6 = new FixedBaseTable(Curve.G, Curve.KeyTableWindowBits);
        _k = new Scalar(0x0123456789ABCDEF, 0xFEDCBA9876543210, 0x0F1E2D3C4B5A6978, 0x1122334455667788);
        _p = Curve.G;
    }

    [Benchmark]
    public ulong FixedBaseGenerator() { _g8.Multiply(_k, out JacobianPoint r); return r.X.L0; }

    [Benchmark]
    public ulong FixedBaseKey() { _key6.Multiply(_k, out JacobianPoint r); return r.X.L0; }

    [Benchmark]
    public ulong VariableBaseGlvWnaf()
    {
        JacobianPoint r = JacobianPoint.Infinity;
        Wnaf.MultiplyAdd(_p, _k, ref r);
        return r.X.L0;
    }

    [Benchmark]
    public bool Sqrt() => FieldElement.Sqrt(Curve.G.X, out _);

    [Benchmark]
    public int KeyTableBuild() => new FixedBaseTable(Curve.G, Curve.KeyTableWindowBits).GetHashCode();
}
