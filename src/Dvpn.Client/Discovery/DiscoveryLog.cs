using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Discovery;

/// <summary>Discovery's log messages (event ids 200-239). Provider fields are untrusted text: logged as values only.</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "Read {Count} providers ({Listed} listed, {Rejected} malformed) from the Directory at block {Block}")]
    public static partial void DirectoryRead(this ILogger logger, int count, int listed, int rejected, ulong block);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Directory entry {Address} skipped: {Reason}")]
    public static partial void EntryRejected(this ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information,
        Message = "{Count} more malformed Directory entries skipped (only the first {Logged} are logged per read)")]
    public static partial void MoreEntriesRejected(this ILogger logger, int count, int logged);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning,
        Message = "Directory read at block {Block} is older than the list held (block {HeldBlock}): kept the held list " +
                  "(an RPC node behind the others?)")]
    public static partial void LowerBlockIgnored(this ILogger logger, ulong block, ulong heldBlock);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning,
        Message = "Directory read failed; using the list from block {Block} read at {FetchedAt} (from the disk cache: {FromCache})")]
    public static partial void ReadFailedUsingHeldList(this ILogger logger, Exception exception, ulong block, DateTimeOffset fetchedAt, bool fromCache);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Directory read failed and there is no usable provider list: {Reason}")]
    public static partial void ReadFailedNoList(this ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information,
        Message = "Loaded {Count} providers from the cache {Path} (block {Block}, read at {FetchedAt})")]
    public static partial void CacheLoaded(this ILogger logger, int count, string path, ulong block, DateTimeOffset fetchedAt);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "Ignored the provider cache {Path}: {Reason}")]
    public static partial void CacheIgnored(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 208, Level = LogLevel.Information,
        Message = "Provider cache {Path} read at {FetchedAt} is older than Discovery:MaxCacheAge ({MaxAge}); not used")]
    public static partial void CacheStale(this ILogger logger, string path, DateTimeOffset fetchedAt, TimeSpan maxAge);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "Could not write the provider cache {Path}; the list in memory is unaffected")]
    public static partial void CacheWriteFailed(this ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information,
        Message = "Background Directory refresh failed ({Failures} in a row); retrying in {Delay}")]
    public static partial void RefreshRetry(this ILogger logger, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 211, Level = LogLevel.Error, Message = "A handler of the provider list's Refreshed event threw")]
    public static partial void RefreshedHandlerFailed(this ILogger logger, Exception exception);
}
