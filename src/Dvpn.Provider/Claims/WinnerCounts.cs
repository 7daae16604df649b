namespace Dvpn.Provider.Claims;

/// <summary>How many winning tickets the store holds in each state (for metrics and logs).</summary>
internal readonly record struct WinnerCounts(long Pending, long Claimed, long Skipped, long Expired);
