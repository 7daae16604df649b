namespace Dvpn.Chain.Rpc;

/// <summary>Retry and failover settings for <see cref="FailoverRpcClient"/>.</summary>
public sealed class RpcFailoverOptions
{
    /// <summary>How many times a failed read is retried (across endpoints). Default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Delay before the first retry; it doubles each time, with jitter. Default 200 ms.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one backoff delay. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
}
