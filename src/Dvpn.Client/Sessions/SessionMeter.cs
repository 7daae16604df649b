namespace Dvpn.Client.Sessions;

/// <summary>The client's own byte counts of a session and their recent rate (from the WireGuard peer's counters).</summary>
internal sealed class SessionMeter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _lastAt;
    private ulong _lastSent;
    private ulong _lastReceived;

    public ulong Sent { get; private set; }

    public ulong Received { get; private set; }

    public double SendRate { get; private set; }

    public double ReceiveRate { get; private set; }

    public DateTimeOffset? LastHandshake { get; private set; }

    public ulong Total
    {
        get
        {
            lock (_gate)
            {
                return Sent + Received;
            }
        }
    }

    /// <summary>Takes a new reading; rates are computed over at least half a second so that they do not jitter.</summary>
    public void Update(ulong sent, ulong received, DateTimeOffset? lastHandshake)
    {
        lock (_gate)
        {
            long now = time.GetTimestamp();
            Sent = Math.Max(Sent, sent);
            Received = Math.Max(Received, received);
            LastHandshake = lastHandshake ?? LastHandshake;
            TimeSpan elapsed = time.GetElapsedTime(_lastAt, now);
            if (_lastAt == 0)
            {
                (_lastAt, _lastSent, _lastReceived) = (now, Sent, Received);
            }
            else if (elapsed >= TimeSpan.FromMilliseconds(500))
            {
                SendRate = (Sent - _lastSent) / elapsed.TotalSeconds;
                ReceiveRate = (Received - _lastReceived) / elapsed.TotalSeconds;
                (_lastAt, _lastSent, _lastReceived) = (now, Sent, Received);
            }
        }
    }
}
