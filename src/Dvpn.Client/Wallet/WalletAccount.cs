using System.Numerics;

namespace Dvpn.Client.Wallet;

/// <summary>The lottery account (token, funder, signer) and the funder's own balance.</summary>
/// <param name="Token">The payment token (0x000…0: the native coin).</param>
/// <param name="Funder">The funder's address.</param>
/// <param name="Signer">The signer's address.</param>
/// <param name="Balance">Pays winning tickets.</param>
/// <param name="Escrow">Penalty deposit, burned if the account is overdrawn.</param>
/// <param name="WarnedBalance">Balance announced for withdrawal.</param>
/// <param name="WarnedEscrow">Escrow announced for withdrawal.</param>
/// <param name="UnlockAt">When the announced withdrawal may be made; null when none is pending.</param>
/// <param name="FunderBalance">The funder's own balance of the token (native: its coin balance).</param>
public sealed record WalletAccount(
    string Token,
    string Funder,
    string Signer,
    BigInteger Balance,
    BigInteger Escrow,
    BigInteger WarnedBalance,
    BigInteger WarnedEscrow,
    DateTimeOffset? UnlockAt,
    BigInteger FunderBalance)
{
    /// <summary>True when a withdrawal has been announced.</summary>
    public bool HasPendingWithdrawal => UnlockAt is not null && (WarnedBalance > 0 || WarnedEscrow > 0);
}
