using Dvpn.Client.Selection;

namespace Dvpn.Client.Tests.Selection;

/// <summary>A deterministic <see cref="IUniformRandom"/> (SplitMix64) so that statistical tests give the same result every run.</summary>
internal sealed class SeededUniformRandom(ulong seed) : IUniformRandom
{
    private ulong _state = seed;

    public double NextOpenClosed()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return ((z >> 11) + 1) * (1.0 / (1UL << 53));
    }
}
