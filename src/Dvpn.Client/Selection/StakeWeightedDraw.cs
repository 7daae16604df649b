using System.Numerics;

namespace Dvpn.Client.Selection;

/// <summary>
/// Draws distinct items with probability proportional to their stake, without replacement: the
/// Efraimidis–Spirakis method (each item gets the key ln(u)/w for a uniform u, the largest keys win). It gives the
/// same distribution as drawing one by one and removing each winner, with one uniform per item and one sort (O(n log n)).
/// </summary>
internal static class StakeWeightedDraw
{
    /// <summary>
    /// Up to <paramref name="count"/> distinct items of <paramref name="items"/>, in draw order. Items with zero
    /// stake come after every staked one, in random order; when no item has stake the draw is uniform.
    /// </summary>
    public static List<T> Draw<T>(IReadOnlyList<T> items, Func<T, BigInteger> stake, int count, IUniformRandom random)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 0);
        bool anyStake = items.Any(i => stake(i).Sign > 0);
        var keyed = new List<(double Key, double Tie, T Item)>(items.Count);
        foreach (T item in items)
        {
            // A double holds any uint256 to 16 significant digits: plenty for a probability.
            double weight = anyStake ? (double)BigInteger.Max(stake(item), BigInteger.Zero) : 1.0;
            double key = weight > 0 ? Math.Log(random.NextOpenClosed()) / weight : double.NegativeInfinity;
            double tie = weight > 0 ? 0 : random.NextOpenClosed();
            keyed.Add((key, tie, item));
        }

        keyed.Sort(static (a, b) => a.Key != b.Key ? b.Key.CompareTo(a.Key) : b.Tie.CompareTo(a.Tie));
        return [.. keyed.Take(count).Select(k => k.Item)];
    }
}
