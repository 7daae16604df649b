using System.Numerics;

namespace Dvpn.Chain.Lottery;

/// <summary>A lottery account (token, funder, signer) as the contract holds it.</summary>
/// <param name="Balance">Pays winning tickets.</param>
/// <param name="Escrow">Penalty deposit, burned when the account is overdrawn.</param>
/// <param name="WarnedBalance">Balance the funder announced it will withdraw.</param>
/// <param name="WarnedEscrow">Escrow the funder announced it will withdraw.</param>
/// <param name="UnlockAt">When the announced withdrawal may be made; null when none is pending.</param>
public sealed record LotteryAccount(
    BigInteger Balance,
    BigInteger Escrow,
    BigInteger WarnedBalance,
    BigInteger WarnedEscrow,
    DateTimeOffset? UnlockAt)
{
    /// <summary>True when a withdrawal has been announced.</summary>
    public bool HasPendingWithdrawal => UnlockAt is not null && (WarnedBalance > 0 || WarnedEscrow > 0);

    /// <summary>
    /// Whether a provider can serve this account until <paramref name="sessionEnd"/> without the funder being able to
    /// pull money out first: false when any announced withdrawal unlocks before then, including one that has already
    /// unlocked (a warning stays executable until it is made or cancelled).
    /// </summary>
    public bool IsSafeUntil(DateTimeOffset sessionEnd) => !HasPendingWithdrawal || UnlockAt!.Value >= sessionEnd;
}
