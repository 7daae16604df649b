using System.Numerics;
using Dvpn.Chain.Providers;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using Microsoft.Extensions.Logging.Abstractions;
using static Dvpn.Client.Tests.Selection.TestListings;

namespace Dvpn.Client.Tests.Selection;

public sealed class ProviderSelectorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static SelectionConstraints Constraints(SelectionOptions? options = null, SelectionRequest? request = null,
        IReadOnlyList<ProviderMark>? marks = null, IReadOnlySet<string>? exclude = null) =>
        SelectionConstraints.Build(options ?? new SelectionOptions(), request, null, marks ?? [], exclude ?? new HashSet<string>());

    private static ProviderSelector Selector(ILatencyProbe probe, int candidates = 5, ulong seed = 42) =>
        new(candidates, probe, new SeededUniformRandom(seed), NullLogger.Instance);

    [Fact]
    public async Task Select_ProbesAtMostProbeCandidatesDistinctProviders_AndPicksOneOfThem()
    {
        var probe = new FakeLatencyProbe();
        List<ProviderListing> listings = [.. Enumerable.Range(1, 20).Select(n => Listing(n))];

        SelectionOutcome outcome = await Selector(probe, candidates: 5).SelectAsync(listings, Constraints(), CancellationToken.None);

        Assert.Equal(20, outcome.Preview.Eligible);
        Assert.Equal(5, outcome.Preview.Candidates.Count);
        Assert.Equal(5, outcome.Preview.Candidates.Select(c => c.Address).Distinct().Count());
        Assert.Equal(5, probe.Probed.Count);
        Assert.NotNull(outcome.Choice);
        Assert.Equal(outcome.Choice.Address, outcome.Preview.Choice);
        Assert.Contains(outcome.Preview.Candidates, c => c.Address == outcome.Choice.Address);
        Assert.Empty(outcome.Preview.Excluded);
    }

    [Fact]
    public async Task Select_CandidatesThatDoNotAnswer_AreDroppedWithAReason()
    {
        var probe = new FakeLatencyProbe().Silent("p1.example").Silent("p2.example");
        List<ProviderListing> listings = [Listing(1), Listing(2), Listing(3)];

        SelectionOutcome outcome = await Selector(probe).SelectAsync(listings, Constraints(), CancellationToken.None);

        Assert.Equal(AddressOf(3), outcome.Choice?.Address);
        Assert.Null(outcome.Preview.Candidates.Single(c => c.Address == AddressOf(1)).Latency);
        Assert.NotNull(outcome.Preview.Candidates.Single(c => c.Address == AddressOf(3)).Latency);
        Assert.Equal([AddressOf(1), AddressOf(2)], outcome.Preview.Excluded.Select(e => e.Address).Order());
        Assert.All(outcome.Preview.Excluded, e => Assert.Contains("TCP", e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Select_NoCandidateAnswers_ReturnsNoChoice()
    {
        var probe = new FakeLatencyProbe().Silent("p1.example").Silent("p2.example");

        SelectionOutcome outcome = await Selector(probe).SelectAsync([Listing(1), Listing(2)], Constraints(), CancellationToken.None);

        Assert.Null(outcome.Choice);
        Assert.Null(outcome.Preview.Choice);
        Assert.Equal(2, outcome.Preview.Eligible);
        Assert.Equal(2, outcome.Preview.Candidates.Count);
    }

    [Fact]
    public async Task Select_NoneEligible_ReturnsNoChoiceAndEveryProviderWithItsReason()
    {
        var probe = new FakeLatencyProbe();
        var options = new SelectionOptions { Deny = [AddressOf(2)], MaxPricePerGiB = 10 };
        var mark = new ProviderMark(AddressOf(4), ProviderFailureReason.Unreachable, "refused", Now, Now.AddMinutes(10));
        List<ProviderListing> listings = [Listing(1, listed: false, price: 1), Listing(2, price: 1), Listing(3, price: 11), Listing(4, price: 1)];

        SelectionOutcome outcome = await Selector(probe).SelectAsync(listings, Constraints(options, marks: [mark]), CancellationToken.None);

        Assert.Null(outcome.Choice);
        Assert.Equal(0, outcome.Preview.Eligible);
        Assert.Empty(probe.Probed);
        Assert.Equal(4, outcome.Preview.Excluded.Count);
        Assert.All(outcome.Preview.Excluded, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.Contains("avoided", outcome.Preview.Excluded.Single(e => e.Address == AddressOf(4)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_PinnedProvider_IsTheOnlyOneConsidered()
    {
        var probe = new FakeLatencyProbe();
        List<ProviderListing> listings = [.. Enumerable.Range(1, 10).Select(n => Listing(n, stake: n == 7 ? 1 : 1_000_000))];

        SelectionOutcome outcome = await Selector(probe).SelectAsync(listings,
            Constraints(request: new SelectionRequest { Provider = AddressOf(7).ToUpperInvariant() }), CancellationToken.None);

        Assert.Equal(AddressOf(7), outcome.Choice?.Address);
        Assert.Equal(1, outcome.Preview.Eligible);
        Assert.Single(probe.Probed);
    }

    [Fact]
    public async Task Select_PinnedProviderDenied_ReturnsNoChoiceWithTheReason()
    {
        var probe = new FakeLatencyProbe();

        SelectionOutcome outcome = await Selector(probe).SelectAsync([Listing(1), Listing(2)],
            Constraints(new SelectionOptions { Deny = [AddressOf(1)] }, new SelectionRequest { Provider = AddressOf(1) }), CancellationToken.None);

        Assert.Null(outcome.Choice);
        ExcludedProvider e = Assert.Single(outcome.Preview.Excluded);
        Assert.Equal(AddressOf(1), e.Address);
        Assert.Equal("in the deny list", e.Reason);
        Assert.Empty(probe.Probed);
    }

    [Fact]
    public async Task Select_PinnedProviderNotInTheDirectory_ReturnsNoChoice()
    {
        SelectionOutcome outcome = await Selector(new FakeLatencyProbe()).SelectAsync([Listing(1)],
            Constraints(request: new SelectionRequest { Provider = AddressOf(99) }), CancellationToken.None);

        Assert.Null(outcome.Choice);
        Assert.Equal("not in the Directory", Assert.Single(outcome.Preview.Excluded).Reason);
    }

    [Fact]
    public async Task Select_ProvidersMarkedOrFailedThisRound_AreNeverPicked()
    {
        var mark = new ProviderMark(AddressOf(1), ProviderFailureReason.HandshakeFailed, "no handshake", Now, Now.AddMinutes(10));
        var exclude = new HashSet<string> { AddressOf(2) };

        for (ulong seed = 0; seed < 50; seed++)
        {
            SelectionOutcome outcome = await Selector(new FakeLatencyProbe(), seed: seed).SelectAsync(
                [Listing(1, stake: 1000), Listing(2, stake: 1000), Listing(3, stake: 1)], Constraints(marks: [mark], exclude: exclude), CancellationToken.None);

            Assert.Equal(AddressOf(3), outcome.Choice?.Address);
        }
    }

    [Fact]
    public async Task Select_AmongAnsweringCandidates_PicksStakeWeighted()
    {
        // Every provider is probed (3 candidates of 3) and answers: the pick alone carries the weighting.
        List<ProviderListing> listings = [Listing(1, stake: 1), Listing(2, stake: 3), Listing(3, stake: 6)];
        var selector = Selector(new FakeLatencyProbe(), candidates: 3, seed: 11);
        var counts = new Dictionary<string, int>();
        const int trials = 5_000;

        for (int i = 0; i < trials; i++)
        {
            SelectionOutcome outcome = await selector.SelectAsync(listings, Constraints(), CancellationToken.None);
            counts[outcome.Choice!.Address] = counts.GetValueOrDefault(outcome.Choice.Address) + 1;
        }

        Assert.InRange(counts[AddressOf(1)] / (double)trials, 0.10 - 0.03, 0.10 + 0.03);
        Assert.InRange(counts[AddressOf(2)] / (double)trials, 0.30 - 0.03, 0.30 + 0.03);
        Assert.InRange(counts[AddressOf(3)] / (double)trials, 0.60 - 0.03, 0.60 + 0.03);
    }

    [Fact]
    public async Task Select_PolicyPriceLimit_AppliesThroughTheConstraints()
    {
        SelectionConstraints c = SelectionConstraints.Build(new SelectionOptions(), null, policyMaxPrice: new BigInteger(500), [], new HashSet<string>());

        SelectionOutcome outcome = await Selector(new FakeLatencyProbe()).SelectAsync([Listing(1, price: 501), Listing(2, price: 500)], c, CancellationToken.None);

        Assert.Equal(AddressOf(2), outcome.Choice?.Address);
    }
}
