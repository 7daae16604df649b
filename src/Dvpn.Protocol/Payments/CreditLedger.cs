using System.Numerics;

namespace Dvpn.Protocol.Payments;

/// <summary>
/// The provider's running account of one session: metered bytes, what they are worth, and the expected value of the
/// tickets accepted. Not thread-safe; the session owns it.
/// </summary>
public sealed class CreditLedger
{
    /// <summary>Creates a ledger at <paramref name="pricePerGiB"/> with <paramref name="creditLimit"/> of unpaid use allowed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative price or limit.</exception>
    public CreditLedger(BigInteger pricePerGiB, BigInteger creditLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pricePerGiB);
        ArgumentOutOfRangeException.ThrowIfNegative(creditLimit);
        PricePerGiB = pricePerGiB;
        CreditLimit = creditLimit;
    }

    /// <summary>The price per GiB.</summary>
    public BigInteger PricePerGiB { get; }

    /// <summary>Unpaid use allowed before a cut-off.</summary>
    public BigInteger CreditLimit { get; }

    /// <summary>Cumulative metered bytes.</summary>
    public ulong MeteredBytes { get; private set; }

    /// <summary>What <see cref="MeteredBytes"/> cost.</summary>
    public BigInteger Owed => PaymentMath.Owed(MeteredBytes, PricePerGiB);

    /// <summary>Sum of the expected values of accepted tickets.</summary>
    public BigInteger Credited { get; private set; }

    /// <summary><c>max(0, Owed - Credited)</c>.</summary>
    public BigInteger Unpaid => BigInteger.Max(BigInteger.Zero, Owed - Credited);

    /// <summary>True once <see cref="Unpaid"/> exceeds <see cref="CreditLimit"/> (strictly): time to cut off.</summary>
    public bool IsOverLimit => Unpaid > CreditLimit;

    /// <summary>Sets the cumulative metered bytes; a value below the current one is ignored (counters never go back).</summary>
    public void RecordUsage(ulong cumulativeBytes)
    {
        if (cumulativeBytes > MeteredBytes)
        {
            MeteredBytes = cumulativeBytes;
        }
    }

    /// <summary>Adds an accepted ticket's expected value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public void Credit(BigInteger expectedValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedValue);
        Credited += expectedValue;
    }
}
