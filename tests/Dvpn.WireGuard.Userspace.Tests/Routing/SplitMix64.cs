namespace Dvpn.WireGuard.Userspace.Tests.Routing;

/// <summary>
/// A seeded SplitMix64 generator for the randomized routing tests: reproducible from the seed in the test's name, and
/// not System.Random, which the repo bans so that nothing that matters uses it by accident.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>) (modulo bias is irrelevant here).</summary>
    public int Next(int minInclusive, int maxExclusive) =>
        minInclusive + (int)(NextUInt64() % (ulong)(maxExclusive - minInclusive));

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<TItem>(TItem[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
