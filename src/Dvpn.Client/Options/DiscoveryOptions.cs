namespace Dvpn.Client.Options;

/// <summary>How the Directory is read and cached on disk.</summary>
public sealed class DiscoveryOptions
{
    /// <summary>How often the list is read again in the background. Default 10 minutes; at least 10 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Entries per <c>providersPage</c> call. Default 50 (10,000 providers in 200 calls, up to 8 at once): larger
    /// pages of worst-case entries exceed nodes' gas cap for one call and get split anyway. 1 to 1,000.
    /// </summary>
    public int PageSize { get; set; } = 50;

    /// <summary>
    /// How old the on-disk cache may be and still be used when the chain cannot be reached. Default 7 days; a cache
    /// older than this is reported as stale and not used for selection.
    /// </summary>
    public TimeSpan MaxCacheAge { get; set; } = TimeSpan.FromDays(7);
}
