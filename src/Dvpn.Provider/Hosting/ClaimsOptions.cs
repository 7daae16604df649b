namespace Dvpn.Provider.Hosting;

/// <summary>The claim queue (configuration section <c>Provider:Claims</c>).</summary>
internal sealed class ClaimsOptions
{
    /// <summary>Winning tickets per claim transaction; also wakes the worker when this many are pending. Default 10.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>How often pending winners are claimed. Default 30 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A winner is claimed at once when its expiry is this close. Default 1 hour.</summary>
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most a claim pays per gas, in wei; claims wait while the network asks more. Default 2 gwei.</summary>
    public UInt128 MaxGasPrice { get; set; } = 2_000_000_000;
}
