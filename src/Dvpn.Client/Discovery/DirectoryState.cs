using Dvpn.Chain.Providers;

namespace Dvpn.Client.Discovery;

/// <summary>One read of the Directory as the client holds it: immutable, swapped as a whole.</summary>
/// <param name="BlockNumber">The block the read was pinned to.</param>
/// <param name="FetchedAt">When it was read from the chain (a cache keeps the time of the original read).</param>
/// <param name="FromCache">True when it was loaded from the disk cache rather than read in this process.</param>
/// <param name="Listings">The well-formed entries, listed or not.</param>
/// <param name="Rejected">How many entries were skipped as malformed.</param>
internal sealed record DirectoryState(ulong BlockNumber, DateTimeOffset FetchedAt, bool FromCache, IReadOnlyList<ProviderListing> Listings, int Rejected);
