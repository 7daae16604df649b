using System.Numerics;

namespace Dvpn.Protocol.Payments;

/// <summary>Price arithmetic both sides must agree on to the unit.</summary>
public static class PaymentMath
{
    /// <summary><c>bytes * pricePerGiB / 2^30</c>, rounded down: what the provider may invoice.</summary>
    public static BigInteger Owed(ulong bytes, BigInteger pricePerGiB) => throw new NotImplementedException();

    /// <summary>
    /// The most a client pays for <paramref name="ownBytes"/> it measured itself: <c>ceil(ownBytes * (1 + tolerance)
    /// * pricePerGiB / 2^30)</c>, computed exactly (tolerance in parts per million).
    /// </summary>
    public static BigInteger Allowance(ulong ownBytes, BigInteger pricePerGiB, uint tolerancePpm) => throw new NotImplementedException();

    /// <summary>The value of <paramref name="bytes"/> of traffic, for a credit limit given in bytes.</summary>
    public static BigInteger ValueOf(ulong bytes, BigInteger pricePerGiB) => Owed(bytes, pricePerGiB);
}
