namespace Dvpn.Client.Discovery;

/// <summary>The provider list as last read.</summary>
/// <param name="BlockNumber">The block it was read at.</param>
/// <param name="FetchedAt">When it was read.</param>
/// <param name="FromCache">True when the chain could not be reached and this is the on-disk copy.</param>
/// <param name="Providers">The well-formed entries.</param>
/// <param name="Rejected">How many entries were skipped as malformed.</param>
public sealed record ProviderList(ulong BlockNumber, DateTimeOffset FetchedAt, bool FromCache, IReadOnlyList<ProviderInfo> Providers, int Rejected);
