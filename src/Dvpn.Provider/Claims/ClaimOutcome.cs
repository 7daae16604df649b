using System.Numerics;
using Dvpn.Chain.Lottery;

namespace Dvpn.Provider.Claims;

/// <summary>What one claim transaction did, for metrics and logs.</summary>
/// <param name="TransactionHash">The claim transaction.</param>
/// <param name="Submitted">Tickets sent in it.</param>
/// <param name="Paid">Tickets that paid.</param>
/// <param name="Skipped">Tickets the contract skipped (paid nothing).</param>
/// <param name="GasUsed">Gas the transaction used.</param>
/// <param name="GasCost">What the gas cost in wei (gas used x effective gas price), null when the receipt could not be read back.</param>
/// <param name="Payouts">What was paid, per run of same-token tickets (value claimed, by token).</param>
internal sealed record ClaimOutcome(
    string TransactionHash,
    int Submitted,
    int Paid,
    int Skipped,
    BigInteger GasUsed,
    BigInteger? GasCost,
    IReadOnlyList<TokenPayout> Payouts)
{
    /// <summary>The total paid in <paramref name="token"/>.</summary>
    public BigInteger TotalPaid(string token) =>
        Payouts.Where(p => string.Equals(p.Token, token, StringComparison.OrdinalIgnoreCase))
            .Aggregate(BigInteger.Zero, (sum, p) => sum + p.Amount);
}
