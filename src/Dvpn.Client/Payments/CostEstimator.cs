using System.Numerics;
using Dvpn.Chain.Tickets;

namespace Dvpn.Client.Payments;

/// <summary>
/// The payment channel's rules applied ahead of time (DESIGN §6 "cost estimate"): the channel keeps
/// <see cref="Options.PaymentOptions.PrepayBytes"/> paid ahead and tops it up when half is used, so each ticket carries
/// about half a window's worth; each is sized by <see cref="TicketSizing"/> at the claim cost the gas price implies.
/// Each ticket pays its face value with its win probability, so the total paid has variance
/// <c>Σ F²·p·(1 − p)</c>.
/// </summary>
internal static class CostEstimator
{
    /// <summary>2^30: prices are per GiB.</summary>
    private static readonly BigInteger BytesPerGiB = BigInteger.One << 30;

    private static readonly BigInteger Two64 = BigInteger.One << 64;

    public static CostEstimate Estimate(ulong bytes, BigInteger pricePerGiB, BigInteger gasPrice, Options.PaymentOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pricePerGiB);
        BigInteger expected = CeilDiv(bytes * pricePerGiB, BytesPerGiB);
        BigInteger perTicket = BigInteger.Max(BigInteger.One, CeilDiv(options.PrepayBytes / 2 * pricePerGiB, BytesPerGiB));
        BigInteger claimCost = TicketSizing.ClaimCost(BigInteger.Zero, gasPrice, options.ClaimGasPerTicket);
        TicketSize size = TicketLottery.Size(perTicket, claimCost, options.Efficiency);
        if (expected.IsZero)
        {
            return new CostEstimate(expected, size.FaceValue, 0, BigInteger.Zero);
        }

        BigInteger tickets = CeilDiv(expected, perTicket);
        // Var = n · F² · p(1 − p) with p = winProb / 2^64, kept in integers: n · F² · w · (2^64 − w) / 2^128.
        BigInteger w = size.WinProb;
        BigInteger variance = tickets * size.FaceValue * size.FaceValue * w * (Two64 - w) / (Two64 * Two64);
        return new CostEstimate(expected, size.FaceValue, (ulong)BigInteger.Min(tickets, ulong.MaxValue), Sqrt(variance));
    }

    private static BigInteger CeilDiv(BigInteger a, BigInteger b) => BigInteger.DivRem(a, b, out BigInteger r) + (r.IsZero ? 0 : 1);

    /// <summary>The integer square root, rounded down (Newton's method).</summary>
    internal static BigInteger Sqrt(BigInteger n)
    {
        if (n < 2)
        {
            return BigInteger.Max(n, BigInteger.Zero);
        }

        BigInteger x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            BigInteger y = (x + n / x) / 2;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }
}
