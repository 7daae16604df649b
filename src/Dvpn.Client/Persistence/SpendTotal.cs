using System.Numerics;

namespace Dvpn.Client.Persistence;

/// <summary>What was spent in one period (a session, a UTC day, a UTC month, all time) and in how many tickets.</summary>
internal readonly record struct SpendTotal(BigInteger Spent, long Tickets)
{
    public static SpendTotal Zero => default;

    /// <summary>This total with one more ticket of expected value <paramref name="ev"/>.</summary>
    public SpendTotal Add(BigInteger ev) => new(Spent + ev, checked(Tickets + 1));
}
