namespace Dvpn.Chain.Providers;

/// <summary>A directory entry the client skipped, and why; listed so that a user can see what was left out.</summary>
/// <param name="Address">The provider's address.</param>
/// <param name="Reason">What was wrong with the entry.</param>
public sealed record RejectedProvider(string Address, string Reason);
