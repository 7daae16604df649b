namespace Dvpn.Client.Wallet;

/// <summary>A transaction as the chain reports it (<see cref="DvpnWallet.GetTransactionAsync"/>).</summary>
/// <param name="Hash">The transaction hash.</param>
/// <param name="Status">Pending, succeeded or reverted.</param>
/// <param name="BlockNumber">The block it was mined in; null while pending.</param>
/// <param name="GasUsed">The gas it used; null while pending.</param>
/// <param name="From">The sender's address.</param>
/// <param name="To">The recipient's address (a contract's, for a call); null for a contract creation.</param>
public sealed record WalletTransaction(
    string Hash,
    WalletTransactionStatus Status,
    ulong? BlockNumber,
    ulong? GasUsed,
    string From,
    string? To);
