using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Client.Tests.Discovery;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer created (its due time), so that a test advances the clock
/// only once the code under test is waiting on it: no sleeps, no race between the advance and the wait.
/// </summary>
internal sealed class TimerWatchingTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Inner => inner;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = inner.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer created.</summary>
    public async Task<TimeSpan> NextTimerAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a deadline against hanging, not a timing assertion
        return await _timers.Reader.ReadAsync(cts.Token);
    }
}
