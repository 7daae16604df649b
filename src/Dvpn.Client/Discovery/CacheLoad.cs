namespace Dvpn.Client.Discovery;

/// <summary>What reading <c>providers.json</c> found.</summary>
internal enum CacheLoad
{
    /// <summary>There is no cache file.</summary>
    Missing,

    /// <summary>A well-formed cache for this chain and contract.</summary>
    Loaded,

    /// <summary>A well-formed cache for another chain or Directory contract.</summary>
    OtherChain,

    /// <summary>The file is malformed, unreadable, or holds a malformed entry.</summary>
    Rejected,
}
