namespace Dvpn.Provider.Claims;

/// <summary>What one pass of the claim worker over the queue did.</summary>
/// <param name="Transactions">Claim transactions that landed.</param>
/// <param name="Claimed">Winners marked claimed by those transactions.</param>
/// <param name="Recovered">Winners found already paid on chain (sent before a crash) and marked claimed without a send.</param>
/// <param name="Skipped">Winners the contract (or packing) refused.</param>
/// <param name="Expired">Winners that expired unclaimed.</param>
/// <param name="Deferred">Winners left pending for a later pass (batch not full, expiry not near, or gas too dear).</param>
/// <param name="GasPriceTooHigh">The network's gas price was above <see cref="ClaimOptions.MaxGasPrice"/>: nothing was sent.</param>
internal readonly record struct ClaimCycle(
    int Transactions, int Claimed, int Recovered, int Skipped, int Expired, int Deferred, bool GasPriceTooHigh);
