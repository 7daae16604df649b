namespace Dvpn.Client.Options;

/// <summary>How the Directory is read and cached on disk.</summary>
public sealed class DiscoveryOptions
{
    /// <summary>How often the list is read again in the background. Default 10 minutes; at least 10 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Entries per <c>providersPage</c> call. Default 200 (10,000 providers in 50 calls); 1 to 1,000.</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>
    /// How old the on-disk cache may be and still be used when the chain cannot be reached. Default 7 days; a cache
    /// older than this is reported as stale and not used for selection.
    /// </summary>
    public TimeSpan MaxCacheAge { get; set; } = TimeSpan.FromDays(7);
}
