namespace DvpnClient.Sample;

/// <summary>What the command line asked for.</summary>
/// <param name="Connect">Connect once started.</param>
internal sealed record SampleSettings(bool Connect);
