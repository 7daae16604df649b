namespace Dvpn.Benchmarks.WireGuard;

/// <summary>
/// The devices' clock in the benchmarks: real timestamps (so every <c>GetElapsedTime</c> on the data path costs what
/// it costs in production), but timers that never fire. The protocol timers (keepalive, new handshake, rekey
/// retransmission) would otherwise wake up during a run and send on their own, which is background noise, not part
/// of one op. Their per-packet bookkeeping (<c>LazyTimer.Modify</c>/<c>Delete</c>) still runs on every op.
/// </summary>
internal sealed class BenchClock : TimeProvider
{
    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new InertTimer();

    /// <summary>A timer that accepts every change and never calls back.</summary>
    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
