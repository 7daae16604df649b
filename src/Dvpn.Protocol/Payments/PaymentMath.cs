using System.Numerics;

namespace Dvpn.Protocol.Payments;

/// <summary>Price arithmetic both sides must agree on to the unit.</summary>
public static class PaymentMath
{
    private const int GiBShift = 30;
    private const uint PartsPerMillion = 1_000_000;

    /// <summary><c>bytes * pricePerGiB / 2^30</c>, rounded down: what the provider may invoice.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative price.</exception>
    public static BigInteger Owed(ulong bytes, BigInteger pricePerGiB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pricePerGiB);
        return (bytes * pricePerGiB) >> GiBShift;
    }

    /// <summary>
    /// The most a client pays for <paramref name="ownBytes"/> it measured itself: <c>ceil(ownBytes * (1 + tolerance)
    /// * pricePerGiB / 2^30)</c>, computed exactly (tolerance in parts per million).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative price.</exception>
    public static BigInteger Allowance(ulong ownBytes, BigInteger pricePerGiB, uint tolerancePpm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pricePerGiB);
        BigInteger numerator = ownBytes * pricePerGiB * (PartsPerMillion + (BigInteger)tolerancePpm);
        BigInteger denominator = (BigInteger)PartsPerMillion << GiBShift;
        return BigInteger.DivRem(numerator, denominator, out BigInteger remainder) + (remainder.IsZero ? 0 : 1);
    }

    /// <summary>The value of <paramref name="bytes"/> of traffic, for a credit limit given in bytes.</summary>
    public static BigInteger ValueOf(ulong bytes, BigInteger pricePerGiB) => Owed(bytes, pricePerGiB);
}
