using System.Numerics;
using Dvpn.Chain.Providers;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using static Dvpn.Client.Tests.Selection.TestListings;

namespace Dvpn.Client.Tests.Selection;

public sealed class ProviderFilterTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static SelectionConstraints Constraints(SelectionOptions? options = null, SelectionRequest? request = null,
        BigInteger? policyMaxPrice = null, IReadOnlyList<ProviderMark>? marks = null, IReadOnlySet<string>? exclude = null) =>
        SelectionConstraints.Build(options ?? new SelectionOptions(), request, policyMaxPrice, marks ?? [], exclude ?? new HashSet<string>());

    [Fact]
    public void Check_ListedProviderWithNoConstraints_IsEligible() =>
        Assert.Null(ProviderFilter.Check(Listing(1), Constraints()));

    [Fact]
    public void Check_UnlistedProvider_IsExcludedAsNotListed()
    {
        string? reason = ProviderFilter.Check(Listing(1, listed: false), Constraints());

        Assert.NotNull(reason);
        Assert.Contains("not listed", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000, 1000, true)] // exactly at the limit is acceptable
    [InlineData(1001, 1000, false)]
    [InlineData(999, 1000, true)]
    public void Check_PriceAgainstStandingLimit_OnlyAboveIsExcluded(int price, int limit, bool eligible)
    {
        string? reason = ProviderFilter.Check(Listing(1, price: price), Constraints(new SelectionOptions { MaxPricePerGiB = limit }));

        Assert.Equal(eligible, reason is null);
        if (!eligible)
        {
            Assert.Contains("price", reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(500, null, null, 500)]
    [InlineData(null, 400, null, 400)]
    [InlineData(null, null, 300, 300)]
    [InlineData(500, 400, 600, 400)]
    [InlineData(500, 700, 300, 300)]
    [InlineData(200, 700, 300, 200)]
    public void Build_PriceLimit_IsTheLowestOfOptionsRequestAndPolicy(int? standing, int? requested, int? policy, int expected)
    {
        SelectionConstraints c = Constraints(new SelectionOptions { MaxPricePerGiB = standing },
            new SelectionRequest { MaxPricePerGiB = requested }, policy);

        Assert.Equal(expected, c.MaxPricePerGiB);
        Assert.Null(ProviderFilter.Check(Listing(1, price: expected), c));
        Assert.NotNull(ProviderFilter.Check(Listing(1, price: expected + 1), c));
    }

    [Fact]
    public void Check_RegionNotInStandingRegions_IsExcluded()
    {
        SelectionConstraints c = Constraints(new SelectionOptions { Regions = ["us-east", "eu-fr"] });

        string? reason = ProviderFilter.Check(Listing(1, region: "eu-de"), c);

        Assert.NotNull(reason);
        Assert.Contains("region 'eu-de'", reason, StringComparison.Ordinal);
        Assert.Null(ProviderFilter.Check(Listing(2, region: "eu-fr"), c));
    }

    [Fact]
    public void Check_RegionsCompareCaseInsensitively() =>
        Assert.Null(ProviderFilter.Check(Listing(1, region: "eu-de"), Constraints(new SelectionOptions { Regions = ["EU-DE"] })));

    [Fact]
    public void Check_NoRegions_AcceptsEveryRegion() =>
        Assert.Null(ProviderFilter.Check(Listing(1, region: ""), Constraints(new SelectionOptions { Regions = [] })));

    [Fact]
    public void Check_RequestRegions_ReplaceTheStandingOnes()
    {
        SelectionConstraints c = Constraints(new SelectionOptions { Regions = ["eu-de"] }, new SelectionRequest { Regions = ["us-east"] });

        Assert.NotNull(ProviderFilter.Check(Listing(1, region: "eu-de"), c));
        Assert.Null(ProviderFilter.Check(Listing(2, region: "us-east"), c));
    }

    [Fact]
    public void Check_AllowListNotEmpty_ExcludesEveryoneElse()
    {
        SelectionConstraints c = Constraints(new SelectionOptions { Allow = [AddressOf(1).ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)] });

        Assert.Null(ProviderFilter.Check(Listing(1), c));
        Assert.Equal("not in the allow list", ProviderFilter.Check(Listing(2), c));
    }

    [Fact]
    public void Check_DenyList_ExcludesCaseInsensitively()
    {
        SelectionConstraints c = Constraints(new SelectionOptions { Deny = [AddressOf(0xab).ToUpperInvariant()] });

        Assert.Equal("in the deny list", ProviderFilter.Check(Listing(0xab), c));
        Assert.Null(ProviderFilter.Check(Listing(0xac), c));
    }

    [Fact]
    public void Check_DenyWinsOverAllow()
    {
        SelectionConstraints c = Constraints(new SelectionOptions { Allow = [AddressOf(1)], Deny = [AddressOf(1)] });

        Assert.Equal("in the deny list", ProviderFilter.Check(Listing(1), c));
    }

    [Theory]
    [InlineData(99, false)]
    [InlineData(100, true)]
    [InlineData(101, true)]
    public void Check_StakeAgainstMinStake_BelowIsExcluded(int stake, bool eligible)
    {
        string? reason = ProviderFilter.Check(Listing(1, stake: stake), Constraints(new SelectionOptions { MinStake = 100 }));

        Assert.Equal(eligible, reason is null);
    }

    [Fact]
    public void Check_ActiveMark_IsExcludedWithTheMarksReason()
    {
        var mark = new ProviderMark(AddressOf(1), ProviderFailureReason.OverClaimed, "invoiced 2x", Now, Now.AddDays(30));

        string? reason = ProviderFilter.Check(Listing(1), Constraints(marks: [mark]));

        Assert.NotNull(reason);
        Assert.Contains("avoided until", reason, StringComparison.Ordinal);
        Assert.Contains("OverClaimed", reason, StringComparison.Ordinal);
        Assert.Contains("invoiced 2x", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FailedInThisRound_IsExcluded()
    {
        string? reason = ProviderFilter.Check(Listing(1), Constraints(exclude: new HashSet<string> { AddressOf(1).ToUpperInvariant() }));

        Assert.Equal("failed in this connect attempt", reason);
    }

    [Fact]
    public void CheckPinned_IgnoresRegionAllowListStakeAndMarks()
    {
        var mark = new ProviderMark(AddressOf(1), ProviderFailureReason.Unreachable, "timeout", Now, Now.AddMinutes(10));
        SelectionConstraints c = Constraints(new SelectionOptions { Regions = ["us-east"], Allow = [AddressOf(9)], MinStake = 1_000_000 },
            new SelectionRequest { Provider = AddressOf(1) }, marks: [mark]);
        ProviderListing pinned = Listing(1, region: "eu-de", stake: 1);

        Assert.NotNull(ProviderFilter.Check(pinned, c));
        Assert.Null(ProviderFilter.CheckPinned(pinned, c));
    }

    [Fact]
    public void CheckPinned_StillRequiresListedNotDeniedAndWithinPrice()
    {
        SelectionConstraints c = Constraints(new SelectionOptions { Deny = [AddressOf(2)], MaxPricePerGiB = 100 });

        Assert.Contains("not listed", ProviderFilter.CheckPinned(Listing(1, listed: false, price: 1), c), StringComparison.Ordinal);
        Assert.Equal("in the deny list", ProviderFilter.CheckPinned(Listing(2, price: 1), c));
        Assert.Contains("price", ProviderFilter.CheckPinned(Listing(3, price: 101), c), StringComparison.Ordinal);
    }
}
