using BenchmarkDotNet.Attributes;
using Dvpn.Chain.Tickets.Secp256k1;

namespace Dvpn.Benchmarks;

/// <summary>The field and point primitives under the verifier, to see where its time goes.</summary>
[MemoryDiagnoser]
public class CurveArithmeticBenchmarks
{
    private FieldElement _a;
    private FieldElement _b;
    private JacobianPoint _p;
    private Scalar _s;

    [GlobalSetup]
    public void Setup()
    {
        _a = Curve.G.X;
        _b = Curve.G.Y;
        _p = JacobianPoint.FromAffine(Curve.G);
        JacobianPoint.Double(_p, out _p);
        _s = new Scalar(0x0123456789ABCDEF, 0xFEDCBA9876543210, 0x0F1E2D3C4B5A6978, 0x1122334455667788);
    }

    [Benchmark]
    public ulong FieldMul()
    {
        FieldElement.Mul(_a, _b, out FieldElement r);
        return r.L0;
    }

    [Benchmark]
    public ulong FieldSquare()
    {
        FieldElement.Square(_a, out FieldElement r);
        return r.L0;
    }

    [Benchmark]
    public ulong FieldInverse()
    {
        FieldElement.Inverse(_a, out FieldElement r);
        return r.L0;
    }

    [Benchmark]
    public ulong PointDouble()
    {
        JacobianPoint.Double(_p, out JacobianPoint r);
        return r.X.L0;
    }

    [Benchmark]
    public ulong PointAddAffine()
    {
        JacobianPoint.AddAffine(_p, Curve.G, out JacobianPoint r);
        return r.X.L0;
    }

    [Benchmark]
    public ulong ScalarInverse()
    {
        Scalar.Inverse(_s, out Scalar r);
        return r.L0;
    }

    [Benchmark]
    public ulong ScalarMul()
    {
        Scalar.Mul(_s, _s, out Scalar r);
        return r.L0;
    }
}
