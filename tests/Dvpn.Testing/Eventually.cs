namespace Dvpn.Testing;

/// <summary>Polls a condition that has no signal to wait for (chain state, a peer's counters) until a deadline.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns once <paramref name="condition"/> holds; <see cref="TimeoutException"/> with <paramref name="what"/> otherwise.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Still not true after {timeout}: {what}");
            }

            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }
}
