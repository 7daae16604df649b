namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// One of a peer's protocol timers (whitepaper §6), cheap enough to touch on every packet: <see cref="Modify"/> and
/// <see cref="Delete"/> only write a deadline; the underlying <see cref="ITimer"/> is armed when none is pending and,
/// when it fires early because the deadline moved, re-arms itself for the rest. The callback runs at most once per
/// deadline, on a timer thread. Time comes from the device's <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class LazyTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action _callback;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _deadline; // timestamp of the deadline; 0 when off
    private long _armedFor; // timestamp the ITimer fires at; 0 when not armed
    private bool _disposed;

    public LazyTimer(TimeProvider time, Action callback)
    {
        _time = time;
        _callback = callback;
        _timer = time.CreateTimer(static state => ((LazyTimer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether a deadline is set.</summary>
    public bool IsPending => Volatile.Read(ref _deadline) != 0;

    /// <summary>Sets the deadline to now + <paramref name="delay"/>, replacing any pending one.</summary>
    public void Modify(TimeSpan delay)
    {
        long now = _time.GetTimestamp();
        long deadline = Math.Max(1, now + ToTicks(delay));
        Volatile.Write(ref _deadline, deadline);
        long armedFor = Volatile.Read(ref _armedFor);
        if (armedFor == 0 || deadline < armedFor)
        {
            Arm(deadline, now);
        }
    }

    /// <summary>Sets the deadline unless one is pending.</summary>
    public void ModifyIfNotPending(TimeSpan delay)
    {
        if (!IsPending)
        {
            Modify(delay);
        }
    }

    /// <summary>Clears the deadline (the armed timer, if any, fires into nothing).</summary>
    public void Delete() => Volatile.Write(ref _deadline, 0);

    private void Arm(long deadline, long now)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            long armedFor = _armedFor;
            if (armedFor != 0 && armedFor <= deadline)
            {
                return;
            }

            _armedFor = deadline;
            _timer.Change(FromTicks(deadline - now), Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        long deadline;
        long now = _time.GetTimestamp();
        lock (_gate)
        {
            _armedFor = 0;
            deadline = Volatile.Read(ref _deadline);
            if (deadline == 0 || _disposed)
            {
                return;
            }

            if (now < deadline)
            {
                _armedFor = deadline;
                _timer.Change(FromTicks(deadline - now), Timeout.InfiniteTimeSpan);
                return;
            }
        }

        // Only the caller that clears this deadline runs the callback (a Modify racing in sets a new one).
        if (Interlocked.CompareExchange(ref _deadline, 0, deadline) == deadline)
        {
            _callback();
        }
    }

    private long ToTicks(TimeSpan delay) => (long)(delay.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);

    // Rounded up, and never zero: a timer that fires a hair early would otherwise re-arm itself in a loop.
    private TimeSpan FromTicks(long ticks) =>
        TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(ticks * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Volatile.Write(ref _deadline, 0);
        }

        _timer.Dispose();
    }
}
