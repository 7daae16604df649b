using System.Text.Json;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Wallet;

namespace Dvpn.Client.Discovery;

/// <summary>
/// <c>providers.json</c>: the last Directory read, so that the client can pick a provider while the chain is down.
/// Written atomically and owner-only (it reveals which providers this user could reach); read tolerantly: a file
/// that is missing, malformed, for another chain or contract, or holds a single bad entry is never used and never
/// throws — the reason is returned for the log.
/// </summary>
internal static class DirectoryCacheFile
{
    public const string FileName = "providers.json";
    public const int FormatVersion = 1;

    /// <summary>10,000 worst-case entries (1 KiB of metadata each) take ~20 MB; anything far bigger is not ours.</summary>
    private const long MaxFileLength = 64L * 1024 * 1024;

    /// <summary>A clock that stepped back may put a fresh cache slightly in the future; more than this is not a cache we wrote.</summary>
    private static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>Writes <paramref name="state"/> for <paramref name="chainId"/> and <paramref name="directory"/>, replacing the old file.</summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static void Save(string path, ulong chainId, string directory, DirectoryState state)
    {
        var document = new DirectoryCacheDocument
        {
            Version = FormatVersion,
            ChainId = chainId,
            Directory = directory,
            BlockNumber = state.BlockNumber,
            FetchedAt = state.FetchedAt,
            Rejected = state.Rejected,
            Providers = [.. state.Listings.Select(DirectoryCacheCodec.ToEntry)],
        };
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(document, DirectoryCacheJsonContext.Default.DirectoryCacheDocument);
        SecureFile.WriteAtomically(path, bytes, overwrite: true);
    }

    /// <summary>
    /// Reads the cache. <see cref="CacheLoad.Loaded"/> with the state (FromCache set) when it is well-formed and for
    /// this chain and contract; otherwise the outcome and why.
    /// </summary>
    public static CacheLoad TryLoad(string path, ulong chainId, string directory, DateTimeOffset now, out DirectoryState? state, out string reason)
    {
        state = null;
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                reason = "no cache file";
                return CacheLoad.Missing;
            }

            if (info.Length > MaxFileLength)
            {
                reason = $"the file is {info.Length} bytes, more than {MaxFileLength}";
                return CacheLoad.Rejected;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"the file could not be read: {e.Message}";
            return CacheLoad.Rejected;
        }

        DirectoryCacheDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, DirectoryCacheJsonContext.Default.DirectoryCacheDocument);
        }
        catch (JsonException e)
        {
            reason = $"not valid JSON: {e.Message}";
            return CacheLoad.Rejected;
        }

        if (document is null)
        {
            reason = "the file holds no document";
            return CacheLoad.Rejected;
        }

        return TryRead(document, chainId, directory, now, out state, out reason);
    }

    private static CacheLoad TryRead(DirectoryCacheDocument document, ulong chainId, string directory, DateTimeOffset now,
        out DirectoryState? state, out string reason)
    {
        state = null;
        if (document.Version != FormatVersion)
        {
            reason = $"format version {document.Version}, expected {FormatVersion}";
            return CacheLoad.Rejected;
        }

        if (document.ChainId != chainId || !string.Equals(document.Directory, directory, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"written for chain {document.ChainId} directory {document.Directory}, not chain {chainId} directory {directory}";
            return CacheLoad.OtherChain;
        }

        if (document.FetchedAt > now + MaxFutureSkew)
        {
            reason = $"fetched at {document.FetchedAt:O}, which is in the future";
            return CacheLoad.Rejected;
        }

        if (document.Providers is null || document.Rejected < 0)
        {
            reason = "the provider list or the rejected count is missing";
            return CacheLoad.Rejected;
        }

        var listings = new List<ProviderListing>(document.Providers.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (DirectoryCacheEntry? entry in document.Providers)
        {
            if (entry is null)
            {
                reason = $"entry #{listings.Count} is null";
                return CacheLoad.Rejected;
            }

            if (!DirectoryCacheCodec.TryParse(entry, out ProviderListing? listing, out string? entryReason))
            {
                reason = $"entry #{listings.Count}: {entryReason}";
                return CacheLoad.Rejected;
            }

            if (!seen.Add(listing!.Address))
            {
                reason = $"entry #{listings.Count}: {listing.Address} appears twice";
                return CacheLoad.Rejected;
            }

            listings.Add(listing);
        }

        state = new DirectoryState(document.BlockNumber, document.FetchedAt, FromCache: true, listings, document.Rejected);
        reason = "";
        return CacheLoad.Loaded;
    }
}
