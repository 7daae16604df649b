using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using Dvpn.Chain.Tickets;

namespace Dvpn.Client.Payments;

/// <summary>
/// Chooses a ticket's face value and win probability for an amount to pay (DESIGN §4, docs/protocol.md §3.5): the
/// face value is large enough that claiming it costs the provider at most <c>1 - efficiency</c> of it, and small
/// enough that the account's balance covers it when it wins.
/// </summary>
internal static class TicketSizing
{
    /// <summary>
    /// What claiming one ticket costs, in token units: the larger of the provider's announced claim cost and the
    /// client's own estimate <c>gasPrice * claimGasPerTicket</c> (a busy network makes claims dearer than the
    /// provider said when the session opened). A negative gas price counts as 0.
    /// </summary>
    public static BigInteger ClaimCost(BigInteger announcedClaimCost, BigInteger gasPrice, ulong claimGasPerTicket) =>
        BigInteger.Max(BigInteger.Max(announcedClaimCost, BigInteger.Zero), BigInteger.Max(gasPrice, BigInteger.Zero) * claimGasPerTicket);

    /// <summary>
    /// Sizes a ticket carrying <paramref name="amount"/> in expectation (<see cref="TicketLottery.Size"/>). False,
    /// with why, when the face value it needs is above <paramref name="maxFaceValue"/> (the account could not pay a
    /// winner) or does not fit the lottery's 96 bits: a funds problem, never a reason to send a smaller ticket.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive amount, or an efficiency outside (0, 1).</exception>
    public static bool TrySize(BigInteger amount, BigInteger claimCost, double efficiency, BigInteger maxFaceValue,
        out TicketSize size, [NotNullWhen(false)] out string? problem)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (!(efficiency > 0 && efficiency < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(efficiency), efficiency, "must be strictly between 0 and 1");
        }

        try
        {
            size = TicketLottery.Size(amount, claimCost, efficiency);
        }
        catch (ArgumentOutOfRangeException)
        {
            size = default;
            problem = string.Create(CultureInfo.InvariantCulture,
                $"a ticket for {amount} at claim cost {claimCost} needs a face value beyond the lottery's 96 bits");
            return false;
        }

        if (size.FaceValue > maxFaceValue)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"a ticket for {amount} at claim cost {claimCost} needs face value {size.FaceValue}, above the {maxFaceValue} the account can pay");
            size = default;
            return false;
        }

        problem = null;
        return true;
    }
}
