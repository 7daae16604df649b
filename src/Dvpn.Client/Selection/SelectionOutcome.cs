using Dvpn.Chain.Providers;

namespace Dvpn.Client.Selection;

/// <summary>A selection's result: what the user sees, and the listing to connect to (null when none).</summary>
internal sealed record SelectionOutcome(SelectionPreview Preview, ProviderListing? Choice);
