using System.Numerics;

namespace Dvpn.Protocol.Payments;

/// <summary>
/// The provider's running account of one session: metered bytes, what they are worth, and the expected value of the
/// tickets accepted. Not thread-safe; the session owns it.
/// </summary>
public sealed class CreditLedger
{
    /// <summary>Creates a ledger at <paramref name="pricePerGiB"/> with <paramref name="creditLimit"/> of unpaid use allowed.</summary>
    public CreditLedger(BigInteger pricePerGiB, BigInteger creditLimit) => throw new NotImplementedException();

    /// <summary>The price per GiB.</summary>
    public BigInteger PricePerGiB => throw new NotImplementedException();

    /// <summary>Unpaid use allowed before a cut-off.</summary>
    public BigInteger CreditLimit => throw new NotImplementedException();

    /// <summary>Cumulative metered bytes.</summary>
    public ulong MeteredBytes => throw new NotImplementedException();

    /// <summary>What <see cref="MeteredBytes"/> cost.</summary>
    public BigInteger Owed => throw new NotImplementedException();

    /// <summary>Sum of the expected values of accepted tickets.</summary>
    public BigInteger Credited => throw new NotImplementedException();

    /// <summary><c>max(0, Owed - Credited)</c>.</summary>
    public BigInteger Unpaid => throw new NotImplementedException();

    /// <summary>True once <see cref="Unpaid"/> exceeds <see cref="CreditLimit"/> (strictly): time to cut off.</summary>
    public bool IsOverLimit => throw new NotImplementedException();

    /// <summary>Sets the cumulative metered bytes; a value below the current one is ignored (counters never go back).</summary>
    public void RecordUsage(ulong cumulativeBytes) => throw new NotImplementedException();

    /// <summary>Adds an accepted ticket's expected value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public void Credit(BigInteger expectedValue) => throw new NotImplementedException();
}
