namespace Dvpn.Provider.Claims;

/// <summary>How one pending winner was settled, for <see cref="TicketStore.Resolve"/>.</summary>
/// <param name="Id">The winner's row id.</param>
/// <param name="State">The final state (not <see cref="WinnerState.Pending"/>).</param>
/// <param name="TransactionHash">The claim transaction, when one settled it.</param>
/// <param name="Note">Why (skip reason, expiry, recovery from the replay record); stored as the last error.</param>
internal readonly record struct WinnerResolution(long Id, WinnerState State, string? TransactionHash, string? Note);
