using System.Collections.Concurrent;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// On-chain lottery accounts, each read at most once per refresh period (opening many sessions for one account, or
/// metering them, costs one RPC call per period). A failed refresh keeps serving the last good read. Thread-safe.
/// </summary>
internal sealed partial class AccountCache
{
    private readonly Func<AccountKey, CancellationToken, Task<LotteryAccount>> _fetch;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AccountCache> _logger;
    private readonly ConcurrentDictionary<AccountKey, Entry> _entries = new();

    /// <summary>Creates a cache that reads accounts with <paramref name="fetch"/> and keeps them for <paramref name="refresh"/>.</summary>
    public AccountCache(Func<AccountKey, CancellationToken, Task<LotteryAccount>> fetch, TimeSpan refresh, TimeProvider timeProvider,
        ILogger<AccountCache> logger)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refresh, TimeSpan.Zero);
        _fetch = fetch;
        Refresh = refresh;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public TimeSpan Refresh { get; }

    /// <summary>
    /// The account, read from the chain when the cached read is older than <see cref="Refresh"/>. Concurrent callers
    /// share one read. Throws <see cref="ChainException"/> only when there is no earlier read to fall back on.
    /// </summary>
    public async Task<LotteryAccount> GetAsync(AccountKey key, CancellationToken cancellationToken)
    {
        Entry entry = _entries.GetOrAdd(key, static _ => new Entry());
        Task<LotteryAccount> read;
        LotteryAccount? stale;
        lock (entry)
        {
            if (entry.Account is { } fresh && _timeProvider.GetUtcNow() - entry.ReadAt < Refresh)
            {
                return fresh;
            }

            stale = entry.Account;
            read = entry.Pending ??= ReadAsync(key, entry);
        }

        try
        {
            return await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChainException e) when (stale is not null)
        {
            LogRefreshFailed(_logger, key.Signer.ToString(), e.Message);
            return stale;
        }
    }

    /// <summary>The last read of the account, if any, without waiting; a stale one starts a refresh in the background.</summary>
    public LotteryAccount? GetCached(AccountKey key)
    {
        if (!_entries.TryGetValue(key, out Entry? entry))
        {
            return null;
        }

        lock (entry)
        {
            if (entry.Account is not null && _timeProvider.GetUtcNow() - entry.ReadAt >= Refresh && entry.Pending is null)
            {
                entry.Pending = ReadAsync(key, entry);
                // Observed here so a failure is logged rather than unobserved; the next GetCached retries.
                _ = entry.Pending.ContinueWith(t => LogRefreshFailed(_logger, key.Signer.ToString(), t.Exception!.GetBaseException().Message), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted,
                    TaskScheduler.Default);
            }

            return entry.Account;
        }
    }

    /// <summary>Drops accounts no open session uses.</summary>
    public void Retain(IReadOnlySet<AccountKey> inUse)
    {
        ArgumentNullException.ThrowIfNull(inUse);
        foreach (AccountKey key in _entries.Keys)
        {
            if (!inUse.Contains(key))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private async Task<LotteryAccount> ReadAsync(AccountKey key, Entry entry)
    {
        // Callers assign the returned task to entry.Pending under the entry's lock; yielding first makes sure that
        // assignment happens before the finally below clears it, even when the fetch completes synchronously.
        await Task.Yield();
        try
        {
            // Not tied to one caller's cancellation: the read is shared.
            LotteryAccount account = await _fetch(key, CancellationToken.None).ConfigureAwait(false);
            lock (entry)
            {
                entry.Account = account;
                entry.ReadAt = _timeProvider.GetUtcNow();
            }

            return account;
        }
        finally
        {
            lock (entry)
            {
                entry.Pending = null;
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "Could not refresh the lottery account of signer {Signer}, using the last read: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string signer, string reason);

    private sealed class Entry
    {
        public LotteryAccount? Account;
        public DateTimeOffset ReadAt;
        public Task<LotteryAccount>? Pending;
    }
}
