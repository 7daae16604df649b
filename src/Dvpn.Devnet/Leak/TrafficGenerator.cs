using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// Continuous traffic from inside a lab host, as the users of a machine make it whatever the VPN is doing: for each
/// <see cref="TrafficTarget"/> one attempt every <see cref="Interval"/> (a fresh socket created in the host's
/// namespace each time), each recorded with its start, end and outcome. Tests read the record to say that traffic
/// was blocked in a phase, that it resumed, and for how long it was blocked. <see cref="PauseAsync"/> lets a test
/// take a counter baseline with nothing in flight.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TrafficGenerator : IAsyncDisposable
{
    /// <summary>The default pause between two attempts of one target.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long an attempt waits for its answer.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(800);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly TimeProvider _time;
    private readonly Dictionary<string, List<TrafficAttempt>> _attempts;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private int _inFlight;
    private volatile bool _paused;

    private TrafficGenerator(NetworkHost host, IReadOnlyList<TrafficTarget> targets, TimeProvider time, TimeSpan interval)
    {
        Host = host;
        Targets = targets;
        Interval = interval;
        _time = time;
        _attempts = targets.ToDictionary(t => t.Name, _ => new List<TrafficAttempt>(), StringComparer.Ordinal);
        _loops = [.. targets.Select(RunAsync)];
    }

    /// <summary>Where the traffic starts.</summary>
    public NetworkHost Host { get; }

    /// <summary>The streams.</summary>
    public IReadOnlyList<TrafficTarget> Targets { get; }

    /// <summary>The pause between two attempts of one target.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Whether new attempts are held back.</summary>
    public bool IsPaused => _paused;

    /// <summary>Starts one loop per target.</summary>
    public static TrafficGenerator Start(NetworkHost host, IEnumerable<TrafficTarget> targets, TimeProvider? time = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(targets);
        TrafficTarget[] list = [.. targets];
        if (list.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != list.Length)
        {
            throw new ArgumentException("Target names must be unique.", nameof(targets));
        }

        return new TrafficGenerator(host, list, time ?? TimeProvider.System, interval ?? DefaultInterval);
    }

    /// <summary>Holds back new attempts and waits until none is in flight (so no packet of an earlier attempt is on its way).</summary>
    public async Task PauseAsync(CancellationToken cancellationToken = default)
    {
        _paused = true;
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }

    /// <summary>Lets attempts start again.</summary>
    public void Resume() => _paused = false;

    /// <summary>The attempts of <paramref name="target"/> that started in [<paramref name="from"/>, <paramref name="to"/>], oldest first.</summary>
    public IReadOnlyList<TrafficAttempt> Attempts(string target, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        List<TrafficAttempt> attempts = Log(target);
        lock (attempts)
        {
            return [.. attempts.Where(a => a.Started >= (from ?? DateTimeOffset.MinValue) && a.Started <= (to ?? DateTimeOffset.MaxValue))];
        }
    }

    /// <summary>How many attempts of <paramref name="target"/> that started in the window succeeded.</summary>
    public int Successes(string target, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        Attempts(target, from, to).Count(a => a.Succeeded);

    /// <summary>When the last success of <paramref name="target"/> that started before <paramref name="before"/> finished; null if none.</summary>
    public DateTimeOffset? LastSuccessBefore(string target, DateTimeOffset before) =>
        Attempts(target, to: before).LastOrDefault(a => a.Succeeded) is { Succeeded: true } a ? a.Finished : null;

    /// <summary>When the first success of <paramref name="target"/> that started at or after <paramref name="after"/> finished; null if none yet.</summary>
    public DateTimeOffset? FirstSuccessAfter(string target, DateTimeOffset after) =>
        Attempts(target, from: after).FirstOrDefault(a => a.Succeeded) is { Succeeded: true } a ? a.Finished : null;

    /// <summary>
    /// Waits for the first success of <paramref name="target"/> that started at or after <paramref name="after"/> and
    /// returns when it finished; <see cref="TimeoutException"/> with a summary at the deadline.
    /// </summary>
    public async Task<DateTimeOffset> WaitForSuccessAsync(string target, DateTimeOffset after, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        long deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            if (FirstSuccessAfter(target, after) is { } at)
            {
                return at;
            }

            if (_time.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"No {target} success within {timeout} after {after:O}: {Summary(after, null)}");
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }

    /// <summary>Per target, successes out of attempts started in the window, e.g. <c>tcp4 0/41, dns-isp 0/45</c>.</summary>
    public string Summary(DateTimeOffset? from, DateTimeOffset? to)
    {
        var s = new StringBuilder();
        foreach (TrafficTarget target in Targets)
        {
            IReadOnlyList<TrafficAttempt> attempts = Attempts(target.Name, from, to);
            if (s.Length > 0)
            {
                s.Append(", ");
            }

            s.Append(CultureInfo.InvariantCulture, $"{target.Name} {attempts.Count(a => a.Succeeded)}/{attempts.Count}");
        }

        return s.ToString();
    }

    /// <summary>Stops every loop and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private List<TrafficAttempt> Log(string target) =>
        _attempts.TryGetValue(target, out List<TrafficAttempt>? attempts) ? attempts : throw new ArgumentException($"No target named '{target}'.", nameof(target));

    private async Task RunAsync(TrafficTarget target)
    {
        await Task.Yield();
        List<TrafficAttempt> log = _attempts[target.Name];
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            long started = _time.GetTimestamp();
            if (!_paused)
            {
                Interlocked.Increment(ref _inFlight);
                try
                {
                    // The pause may have begun between the check and the increment: then this attempt does not start.
                    if (!_paused)
                    {
                        DateTimeOffset at = _time.GetUtcNow();
                        bool ok = await TrafficProbe.TryAsync(Host, target, AttemptTimeout, stop);
                        if (stop.IsCancellationRequested)
                        {
                            return;
                        }

                        lock (log)
                        {
                            log.Add(new TrafficAttempt(at, _time.GetUtcNow(), ok));
                        }
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }

            TimeSpan left = Interval - _time.GetElapsedTime(started);
            try
            {
                await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, _time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
