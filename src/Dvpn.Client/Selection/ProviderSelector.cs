using Dvpn.Chain.Providers;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Selection;

/// <summary>
/// Picks a provider: filter (<see cref="ProviderFilter"/>), draw up to <c>probeCandidates</c> distinct candidates
/// stake-weighted, probe them concurrently, and pick stake-weighted among those that answered.
/// Latency only filters, it does not rank: ranking by latency would send every user of a region to the same few
/// providers and let a provider buy traffic by sitting next to users, while stake is what the Directory's
/// economics (and the on-chain pick) weigh by.
/// </summary>
internal sealed class ProviderSelector(int probeCandidates, ILatencyProbe probe, IUniformRandom random, ILogger logger)
{
    public ILatencyProbe Probe => probe;

    public async Task<SelectionOutcome> SelectAsync(IReadOnlyList<ProviderListing> listings, SelectionConstraints constraints,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listings);
        ArgumentNullException.ThrowIfNull(constraints);
        var excluded = new List<ExcludedProvider>();
        List<ProviderListing> eligible = constraints.Pinned is { } pinned
            ? FilterPinned(listings, pinned, constraints, excluded)
            : Filter(listings, constraints, excluded);
        if (eligible.Count == 0)
        {
            if (constraints.Pinned is null)
            {
                logger.NoEligibleProvider(excluded.Count, listings.Count);
            }

            return new SelectionOutcome(new SelectionPreview(0, [], null, excluded), null);
        }

        List<ProviderListing> candidates = StakeWeightedDraw.Draw(eligible, p => p.Stake, probeCandidates, random);
        TimeSpan?[] latencies = await Task.WhenAll(candidates.Select(c => probe.ProbeAsync(c.Endpoint, cancellationToken))).ConfigureAwait(false);
        var probed = new List<ProbedCandidate>(candidates.Count);
        var answered = new List<(ProviderListing Listing, TimeSpan Latency)>();
        for (int i = 0; i < candidates.Count; i++)
        {
            probed.Add(new ProbedCandidate(candidates[i].Address, latencies[i]));
            if (latencies[i] is { } latency)
            {
                answered.Add((candidates[i], latency));
            }
            else
            {
                excluded.Add(new ExcludedProvider(candidates[i].Address, "did not accept a TCP connection in time"));
            }
        }

        if (answered.Count == 0)
        {
            logger.NoCandidateAnswered(candidates.Count, eligible.Count);
            return new SelectionOutcome(new SelectionPreview(eligible.Count, probed, null, excluded), null);
        }

        (ProviderListing choice, TimeSpan choiceLatency) = StakeWeightedDraw.Draw(answered, a => a.Listing.Stake, 1, random)[0];
        logger.Selected(choice.Address, choiceLatency, eligible.Count, answered.Count, candidates.Count);
        return new SelectionOutcome(new SelectionPreview(eligible.Count, probed, choice.Address, excluded), choice);
    }

    private static List<ProviderListing> Filter(IReadOnlyList<ProviderListing> listings, SelectionConstraints constraints,
        List<ExcludedProvider> excluded)
    {
        var eligible = new List<ProviderListing>();
        foreach (ProviderListing listing in listings)
        {
            if (ProviderFilter.Check(listing, constraints) is { } reason)
            {
                excluded.Add(new ExcludedProvider(listing.Address, reason));
            }
            else
            {
                eligible.Add(listing);
            }
        }

        return eligible;
    }

    /// <summary>Only the pinned provider is considered; the others are not listed as excluded (they were never asked for).</summary>
    private List<ProviderListing> FilterPinned(IReadOnlyList<ProviderListing> listings, string pinned, SelectionConstraints constraints,
        List<ExcludedProvider> excluded)
    {
        ProviderListing? listing = listings.FirstOrDefault(l => l.Address.Equals(pinned, StringComparison.OrdinalIgnoreCase));
        string? reason = listing is null ? "not in the Directory" : ProviderFilter.CheckPinned(listing, constraints);
        if (reason is not null)
        {
            logger.PinnedNotEligible(pinned, reason);
            excluded.Add(new ExcludedProvider(listing?.Address ?? pinned, reason));
            return [];
        }

        return [listing!];
    }
}
