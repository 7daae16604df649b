namespace Dvpn.Devnet.Leak;

/// <summary>One finished attempt of the traffic generator.</summary>
/// <param name="Started">When it started.</param>
/// <param name="Finished">When it succeeded or gave up.</param>
/// <param name="Succeeded">Whether the answer came back.</param>
public readonly record struct TrafficAttempt(DateTimeOffset Started, DateTimeOffset Finished, bool Succeeded);
