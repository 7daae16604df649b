using Dvpn.Chain.Providers;
using Dvpn.Client.Options;
using Dvpn.Client.State;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Discovery;

/// <summary>
/// The provider list: read from the Directory, kept in memory, mirrored to <c>providers.json</c>, and served from
/// that copy while the chain cannot be read. Rules (docs: DESIGN.md §3, issue 5):
/// <list type="bullet">
/// <item>A list older than <see cref="DiscoveryOptions.MaxCacheAge"/> is never served.</item>
/// <item>A read at a lower block than the list held does not replace it (a lagging RPC node must not roll back).</item>
/// <item>A failed read keeps the list held; with none usable, callers get <see cref="ErrorCause.ChainUnavailable"/>.</item>
/// </list>
/// Reads are serialized: concurrent callers of <see cref="GetAsync"/> share one read.
/// </summary>
internal sealed class ProviderDirectory
{
    private const int MaxRejectedLogged = 20;

    /// <summary>First retry delay of the background loop after a failed read; doubles up to the refresh interval.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(15);

    private readonly IDirectorySource _source;
    private readonly string _cachePath;
    private readonly DiscoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Never disposed: a SemaphoreSlim whose AvailableWaitHandle is not used holds nothing to release, and the
    // directory lives as long as the client.
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private DirectoryState? _current;

    /// <summary>UTC ticks of the last read attempt, successful or not; 0 before the first.</summary>
    private long _lastAttemptTicks;

    public ProviderDirectory(IDirectorySource source, string cacheDirectory, DiscoveryOptions options, TimeProvider time, ILogger logger)
    {
        _source = source;
        _cachePath = Path.Combine(cacheDirectory, DirectoryCacheFile.FileName);
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after each successful read, with the list held afterwards.</summary>
    public event Action<DirectoryState>? Refreshed;

    /// <summary>The list held now (possibly stale); null before the first read or cache load.</summary>
    public DirectoryState? Current => Volatile.Read(ref _current);

    public string CachePath => _cachePath;

    /// <summary>Loads <c>providers.json</c> if it is well-formed, for this chain and contract, and young enough. Never throws.</summary>
    public void LoadCache()
    {
        DateTimeOffset now = _time.GetUtcNow();
        CacheLoad outcome = DirectoryCacheFile.TryLoad(_cachePath, _source.ChainId, _source.Address, now, out DirectoryState? state, out string reason);
        switch (outcome)
        {
            case CacheLoad.Missing:
                return;
            case CacheLoad.Loaded when !IsUsable(state!, now):
                _logger.CacheStale(_cachePath, state!.FetchedAt, _options.MaxCacheAge);
                return;
            case CacheLoad.Loaded:
                _logger.CacheLoaded(state!.Listings.Count, _cachePath, state.BlockNumber, state.FetchedAt);
                // A read that finished while the file was being parsed wins: it is at least as new.
                Interlocked.CompareExchange(ref _current, state, null);
                return;
            default:
                _logger.CacheIgnored(_cachePath, reason);
                return;
        }
    }

    /// <summary>
    /// The list, read again when the last attempt is older than <see cref="DiscoveryOptions.RefreshInterval"/> (or
    /// there is none), falling back to the list held when the read fails.
    /// </summary>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.ChainUnavailable"/>: the read failed and no usable list is held.</exception>
    public async Task<DirectoryState> GetAsync(CancellationToken cancellationToken)
    {
        if (TryGetFresh() is { } fresh)
        {
            return fresh;
        }

        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have read while this one waited.
            if (TryGetFresh() is { } read)
            {
                return read;
            }

            (DirectoryState? state, Exception? failure) = await ReadLockedAsync(cancellationToken).ConfigureAwait(false);
            return state ?? Fallback(failure!);
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <summary>Reads the Directory now. On failure the list held is kept and the failure thrown.</summary>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.ChainUnavailable"/>: the read failed.</exception>
    public async Task<DirectoryState> RefreshAsync(CancellationToken cancellationToken)
    {
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (DirectoryState? state, Exception? failure) = await ReadLockedAsync(cancellationToken).ConfigureAwait(false);
            if (state is not null)
            {
                return state;
            }

            DirectoryState? held = Current;
            if (held is not null && IsUsable(held, _time.GetUtcNow()))
            {
                _logger.ReadFailedUsingHeldList(failure!, held.BlockNumber, held.FetchedAt, held.FromCache);
            }
            else
            {
                _logger.ReadFailedNoList(failure!, NoListReason(held));
            }

            throw Unavailable($"The provider Directory could not be read: {failure!.Message}", failure);
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <summary>Reads at once, then every <see cref="DiscoveryOptions.RefreshInterval"/>; after a failure sooner, with backoff. Ends when cancelled.</summary>
    public async Task RunRefreshLoopAsync(CancellationToken cancellationToken)
    {
        int failures = 0;
        try
        {
            while (true)
            {
                TimeSpan delay = _options.RefreshInterval;
                try
                {
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (DvpnClientException)
                {
                    // Already logged by RefreshAsync.
                    failures++;
                    delay = RetryDelay(failures);
                    _logger.RefreshRetry(failures, delay);
                }

                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the owner: a normal end.
        }
    }

    private TimeSpan RetryDelay(int failures)
    {
        double seconds = FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.RefreshInterval.TotalSeconds));
    }

    private DirectoryState? TryGetFresh()
    {
        DirectoryState? held = Current;
        DateTimeOffset now = _time.GetUtcNow();
        return held is not null && IsUsable(held, now) && Volatile.Read(ref _lastAttemptTicks) is > 0 and long last
            && now.UtcTicks - last < _options.RefreshInterval.Ticks
            ? held
            : null;
    }

    private bool IsUsable(DirectoryState state, DateTimeOffset now) => now - state.FetchedAt <= _options.MaxCacheAge;

    /// <summary>One read, under the gate. Returns the list held afterwards, or the failure (logged by the caller).</summary>
    private async Task<(DirectoryState? State, Exception? Failure)> ReadLockedAsync(CancellationToken cancellationToken)
    {
        ProviderSnapshot snapshot;
        try
        {
            snapshot = await _source.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any failure of the node or the RPC stack (ChainException, HttpRequestException, a timeout) is the chain
            // being unavailable: discovery must degrade to the cache, never crash the client.
            Volatile.Write(ref _lastAttemptTicks, _time.GetUtcNow().UtcTicks);
            return (null, e);
        }

        DateTimeOffset now = _time.GetUtcNow();
        Volatile.Write(ref _lastAttemptTicks, now.UtcTicks);
        LogRejected(snapshot.Rejected);
        DirectoryState? held = Current;
        DirectoryState result;
        if (held is not null && snapshot.BlockNumber < held.BlockNumber)
        {
            _logger.LowerBlockIgnored(snapshot.BlockNumber, held.BlockNumber);
            result = held;
        }
        else
        {
            result = new DirectoryState(snapshot.BlockNumber, now, FromCache: false, snapshot.Providers, snapshot.Rejected.Count);
            Volatile.Write(ref _current, result);
            _logger.DirectoryRead(result.Listings.Count, result.Listings.Count(p => p.Listed), result.Rejected, result.BlockNumber);
            SaveCache(result);
        }

        RaiseRefreshed(result);
        return (result, null);
    }

    private DirectoryState Fallback(Exception failure)
    {
        DirectoryState? held = Current;
        if (held is not null && IsUsable(held, _time.GetUtcNow()))
        {
            _logger.ReadFailedUsingHeldList(failure, held.BlockNumber, held.FetchedAt, held.FromCache);
            return held;
        }

        string reason = NoListReason(held);
        _logger.ReadFailedNoList(failure, reason);
        throw Unavailable($"The provider Directory could not be read and {reason}: {failure.Message}", failure);
    }

    private string NoListReason(DirectoryState? held) => held is null
        ? "there is no cached provider list"
        : $"the last provider list (block {held.BlockNumber}, read at {held.FetchedAt:O}) is older than Discovery:MaxCacheAge ({_options.MaxCacheAge})";

    private static DvpnClientException Unavailable(string message, Exception inner) =>
        new(ErrorCause.ChainUnavailable, message, isTransient: true, inner);

    private void SaveCache(DirectoryState state)
    {
        try
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(_cachePath))!;
            if (!Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            DirectoryCacheFile.Save(_cachePath, _source.ChainId, _source.Address, state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.CacheWriteFailed(e, _cachePath);
        }
    }

    private void LogRejected(IReadOnlyList<RejectedProvider> rejected)
    {
        foreach (RejectedProvider r in rejected.Take(MaxRejectedLogged))
        {
            _logger.EntryRejected(r.Address, r.Reason);
        }

        if (rejected.Count > MaxRejectedLogged)
        {
            _logger.MoreEntriesRejected(rejected.Count - MaxRejectedLogged, MaxRejectedLogged);
        }
    }

    private void RaiseRefreshed(DirectoryState state)
    {
        try
        {
            Refreshed?.Invoke(state);
        }
        catch (Exception e)
        {
            // A subscriber's bug must not turn a good read into a failed one.
            _logger.RefreshedHandlerFailed(e);
        }
    }
}
