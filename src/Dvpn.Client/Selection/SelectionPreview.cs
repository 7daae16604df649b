namespace Dvpn.Client.Selection;

/// <summary>What a selection would do now, without connecting.</summary>
/// <param name="Eligible">How many providers pass every constraint.</param>
/// <param name="Candidates">The stake-weighted draw that was probed, with latencies (null: did not answer).</param>
/// <param name="Choice">The provider that would be picked; null when none is available.</param>
/// <param name="Excluded">Providers left out, each with the reason.</param>
public sealed record SelectionPreview(
    int Eligible,
    IReadOnlyList<ProbedCandidate> Candidates,
    string? Choice,
    IReadOnlyList<ExcludedProvider> Excluded);

/// <summary>A probed candidate.</summary>
/// <param name="Address">The provider.</param>
/// <param name="Latency">TCP connect time to its endpoint; null when it did not answer in time.</param>
public sealed record ProbedCandidate(string Address, TimeSpan? Latency);

/// <summary>A provider selection left out.</summary>
/// <param name="Address">The provider.</param>
/// <param name="Reason">Why (price, region, deny list, stake, recently failed, ...).</param>
public sealed record ExcludedProvider(string Address, string Reason);
