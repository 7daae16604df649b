using System.Numerics;
using System.Threading.Channels;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Claims;

/// <summary>
/// Claims the queued winning tickets on chain (docs/protocol.md, claim queue). It looks at the queue every
/// <see cref="ClaimOptions.Interval"/>, at start, and whenever <see cref="Wake"/> is called, and sends a claim when a
/// full batch waits or the soonest expiry is within <see cref="ClaimOptions.ExpiryMargin"/>.
/// </summary>
/// <remarks>
/// Exactly once across crashes: the store is the only record of what is owed, and a winner leaves <c>pending</c>
/// only after the chain has settled it. Before anything is sent, each signer's replay record on chain is read; a
/// pending winner at or below its high nonce was paid by a claim that landed before the process died between the
/// send and the mark, so it is marked claimed and never sent again. The contract itself refuses a second payment of
/// the same nonce, so a lost mark can cost gas at worst, never money.
/// </remarks>
internal sealed partial class ClaimWorker : BackgroundService
{
    private readonly TicketStore _store;
    private readonly LotteryClient _lottery;
    private readonly ClaimOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClaimWorker> _logger;
    private readonly IClaimObserver? _observer;
    private readonly string _recipient;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly SemaphoreSlim _cycle = new(1, 1);
    private int _passes;

    /// <summary>Creates the worker for the provider whose transaction key <paramref name="lottery"/>'s connection holds.</summary>
    /// <exception cref="ArgumentException">The lottery client's connection is read-only (it cannot send claims).</exception>
    public ClaimWorker(TicketStore store, LotteryClient lottery, IOptions<ClaimOptions> options, TimeProvider timeProvider,
        ILogger<ClaimWorker> logger, IClaimObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lottery);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _lottery = lottery;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _observer = observer;
        // Tickets name their recipient and only the recipient can claim them: the sender is the provider.
        _recipient = lottery.Chain.Address
            ?? throw new ArgumentException("the lottery client must send transactions with the provider's key", nameof(lottery));
    }

    /// <summary>
    /// Asks the worker to look at the queue now (call it after queueing a winner). Cheap and never blocks; wakes that
    /// arrive while a pass runs cause one more pass. A pass claims only when a batch is full or an expiry is near.
    /// </summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Passes the background loop has finished (succeeded or failed); lets tests and diagnostics see progress.</summary>
    internal int CompletedPasses => Volatile.Read(ref _passes);

    /// <summary>The wait after <paramref name="failures"/> failed passes in a row: RetryDelay doubling, capped at Interval.</summary>
    internal static TimeSpan RetryDelayAfter(int failures, ClaimOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        double factor = Math.Pow(2, Math.Min(failures - 1, 30));
        TimeSpan delay = TimeSpan.FromTicks((long)Math.Min(options.RetryDelay.Ticks * factor, TimeSpan.MaxValue.Ticks));
        return delay < options.Interval ? delay : options.Interval;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _logger.WorkerStarted(_options.BatchSize, _options.Interval, _options.ExpiryMargin, _options.MaxGasPrice, _recipient);
        int failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunCycleAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ChainException e)
            {
                // Whatever failed (a read, the send, an unknown outcome), the next pass starts from the chain's
                // replay records, so retrying can never pay a ticket twice.
                failures++;
                TimeSpan delay = RetryDelayAfter(failures, _options);
                if (e.IsTransient)
                {
                    _logger.ClaimFailedTransient(e, failures, delay);
                }
                else
                {
                    _logger.ClaimFailed(e, failures, delay);
                }
            }

            Interlocked.Increment(ref _passes);

            try
            {
                if (failures > 0)
                {
                    // Backing off: a wake must not turn a failing node into a busy loop. It stays queued for later.
                    await Task.Delay(RetryDelayAfter(failures, _options), _time, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await WaitForWakeAsync(_options.Interval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WaitForWakeAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var elapsed = new CancellationTokenSource(interval, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(elapsed.Token, stoppingToken);
        try
        {
            await _wake.Reader.ReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The interval passed without a wake: time for the periodic look.
        }
    }

    /// <summary>
    /// One pass over the queue: expire what the chain says has expired, decide whether a claim is due, skip what
    /// already landed, and send the due batches. Passes never overlap.
    /// </summary>
    /// <exception cref="ChainException">A read or a claim failed; the winners stay pending (a failed send counts an attempt).</exception>
    internal async Task<ClaimCycle> RunCycleAsync(CancellationToken cancellationToken)
    {
        await _cycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunCycleCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cycle.Release();
        }
    }

    private async Task<ClaimCycle> RunCycleCoreAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredWinner> pending = _store.GetPendingWinners();
        if (pending.Count == 0)
        {
            return default;
        }

        // Expiry is the contract's rule (block.timestamp < expiry), so the chain's clock decides it, not ours.
        ulong chainNow = await _lottery.Chain.GetLatestBlockTimestampAsync(cancellationToken).ConfigureAwait(false);
        int expired = ExpireStale(pending, chainNow, out List<StoredWinner> live);
        if (live.Count == 0)
        {
            return new ClaimCycle(0, 0, 0, 0, expired, 0, false);
        }

        if (!IsDue(live, chainNow))
        {
            _logger.ClaimDeferred(live.Count, _options.BatchSize, live[0].Expiry);
            return new ClaimCycle(0, 0, 0, 0, expired, live.Count, false);
        }

        BigInteger gasPrice = await _lottery.Chain.GetGasPriceAsync(cancellationToken).ConfigureAwait(false);
        if (gasPrice > _options.MaxGasPrice)
        {
            _logger.GasPriceAboveLimit(live.Count, gasPrice, _options.MaxGasPrice);
            return new ClaimCycle(0, 0, 0, 0, expired, live.Count, true);
        }

        int recovered = await RecoverLandedAsync(live, cancellationToken).ConfigureAwait(false);
        int transactions = 0, claimed = 0, skipped = 0;
        while (live.Count > 0 && IsDue(live, chainNow))
        {
            List<StoredWinner> batch = TakeBatch(live, _options.BatchSize);
            (int paid, int refused, bool sent) = await ClaimBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            transactions += sent ? 1 : 0;
            claimed += paid;
            skipped += refused;
        }

        return new ClaimCycle(transactions, claimed, recovered, skipped, expired, live.Count, false);
    }

    /// <summary>A claim is due when a full batch waits or the soonest expiry (the list's first) is within the margin.</summary>
    private bool IsDue(List<StoredWinner> live, ulong chainNow) =>
        live.Count >= _options.BatchSize
        || live[0].Expiry <= chainNow + (ulong)_options.ExpiryMargin.TotalSeconds;

    private int ExpireStale(IReadOnlyList<StoredWinner> pending, ulong chainNow, out List<StoredWinner> live)
    {
        live = new List<StoredWinner>(pending.Count);
        var stale = new List<WinnerResolution>();
        foreach (StoredWinner w in pending)
        {
            if (w.Expiry <= chainNow)
            {
                _logger.WinnerExpired(w.Signer, w.Nonce, w.Ticket.Ticket.FaceValue, w.Expiry, chainNow);
                stale.Add(new WinnerResolution(w.Id, WinnerState.Expired, null, $"expired at {w.Expiry} before a claim (chain time {chainNow})"));
            }
            else
            {
                live.Add(w);
            }
        }

        if (stale.Count > 0)
        {
            _store.Resolve(stale);
            _observer?.WinnersExpired(stale.Count);
        }

        return stale.Count;
    }
}
