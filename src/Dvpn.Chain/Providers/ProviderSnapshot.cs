namespace Dvpn.Chain.Providers;

/// <summary>Every provider in the directory, read consistently at one block.</summary>
/// <param name="BlockNumber">The block the reads were pinned to.</param>
/// <param name="Providers">Well-formed entries, listed or not (see <see cref="ProviderListing.Listed"/>).</param>
/// <param name="Rejected">Malformed entries, skipped with a reason.</param>
public sealed record ProviderSnapshot(
    ulong BlockNumber,
    IReadOnlyList<ProviderListing> Providers,
    IReadOnlyList<RejectedProvider> Rejected);
