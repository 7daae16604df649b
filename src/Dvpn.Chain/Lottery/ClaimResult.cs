using System.Numerics;

namespace Dvpn.Chain.Lottery;

/// <summary>What one <c>claim</c> transaction did, decoded from its events.</summary>
/// <param name="TransactionHash">The claim transaction.</param>
/// <param name="GasUsed">Gas the transaction used.</param>
/// <param name="Submitted">How many tickets were submitted.</param>
/// <param name="Payouts">What was paid, per run of same-token tickets.</param>
/// <param name="Skipped">Tickets that paid nothing, with the reason.</param>
/// <param name="Burned">Escrow burned because an account was overdrawn.</param>
public sealed record ClaimResult(
    string TransactionHash,
    BigInteger GasUsed,
    int Submitted,
    IReadOnlyList<TokenPayout> Payouts,
    IReadOnlyList<SkippedTicket> Skipped,
    IReadOnlyList<BurnedEscrow> Burned)
{
    /// <summary>Tickets that paid out.</summary>
    public int PaidTickets => Submitted - Skipped.Count;

    /// <summary>The total paid in <paramref name="token"/>.</summary>
    public BigInteger TotalPaid(string token) =>
        Payouts.Where(p => string.Equals(p.Token, token, StringComparison.OrdinalIgnoreCase))
            .Aggregate(BigInteger.Zero, (sum, p) => sum + p.Amount);
}

/// <summary>A transfer to the recipient for a run of tickets in one token.</summary>
public sealed record TokenPayout(string Token, BigInteger Amount, int Tickets);

/// <summary>A ticket that paid nothing.</summary>
public sealed record SkippedTicket(string Signer, ulong Nonce, SkipReason Reason);

/// <summary>Escrow burned from an overdrawn account.</summary>
public sealed record BurnedEscrow(string Token, string Funder, string Signer, BigInteger Amount);
