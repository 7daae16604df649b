using System.Numerics;
using Dvpn.Chain.Providers;
using Dvpn.Client.Discovery;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using Dvpn.Client.State;
using Dvpn.Client.Tests.Selection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Dvpn.Client.Tests.Selection.TestListings;

namespace Dvpn.Client.Tests.Discovery;

/// <summary>Discovery without a chain: a scripted snapshot source, a fake clock, a real cache file in a temp dir.</summary>
public sealed class ProviderCatalogTests : IDisposable
{
    private static readonly DiscoveryOptions Discovery = new()
    {
        RefreshInterval = TimeSpan.FromMinutes(10),
        MaxCacheAge = TimeSpan.FromDays(7),
    };

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly List<ProviderMark> _marks = [];

    public void Dispose() => _dir.Dispose();

    private ProviderCatalog Catalog(FakeDirectorySource source, TimeProvider? time = null, SelectionOptions? selection = null,
        BigInteger? policyMaxPrice = null) =>
        ProviderCatalog.Create(source, _dir.Path, Discovery, selection ?? new SelectionOptions(), new FakeLatencyProbe(),
            now => [.. _marks.Where(m => m.Until > now)], () => policyMaxPrice, new SeededUniformRandom(1), time ?? _time, NullLoggerFactory.Instance);

    private static ProviderSnapshot Snapshot(ulong block, params ProviderListing[] listings) =>
        new(block, listings, []);

    [Fact]
    public async Task List_ChainUp_ReadsTheDirectoryAndWritesTheCache()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1), Listing(2)) };
        ProviderCatalog catalog = Catalog(source);
        await catalog.InitializeAsync(CancellationToken.None);

        ProviderList list = await catalog.ListAsync();

        Assert.False(list.FromCache);
        Assert.Equal(10UL, list.BlockNumber);
        Assert.Equal(_time.GetUtcNow(), list.FetchedAt);
        Assert.Equal([AddressOf(1), AddressOf(2)], list.Providers.Select(p => p.Address));
        Assert.True(File.Exists(_dir.File(DirectoryCacheFile.FileName)));
    }

    [Fact]
    public async Task List_ChainDownAndNoCache_ThrowsChainUnavailableTransient()
    {
        ProviderCatalog catalog = Catalog(new FakeDirectorySource { Down = true });
        await catalog.InitializeAsync(CancellationToken.None);

        DvpnClientException e = await Assert.ThrowsAsync<DvpnClientException>(() => catalog.ListAsync());

        Assert.Equal(ErrorCause.ChainUnavailable, e.Cause);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task List_ChainDownAfterARestart_IsServedFromTheDiskCache()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1), Listing(2)) };
        await Catalog(source).RefreshAsync();
        _time.Advance(TimeSpan.FromHours(1));
        source.Down = true;

        ProviderCatalog restarted = Catalog(source);
        await restarted.InitializeAsync(CancellationToken.None);
        ProviderList list = await restarted.ListAsync();

        Assert.True(list.FromCache);
        Assert.Equal(10UL, list.BlockNumber);
        Assert.Equal(2, list.Providers.Count);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromHours(1), list.FetchedAt);
        Assert.Equal(2, source.Reads); // it did try the chain first
    }

    [Fact]
    public async Task List_CacheOlderThanMaxCacheAge_IsNotUsed()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1)) };
        await Catalog(source).RefreshAsync();
        _time.Advance(Discovery.MaxCacheAge + TimeSpan.FromSeconds(1));
        source.Down = true;

        ProviderCatalog restarted = Catalog(source);
        await restarted.InitializeAsync(CancellationToken.None);

        DvpnClientException e = await Assert.ThrowsAsync<DvpnClientException>(() => restarted.ListAsync());
        Assert.Equal(ErrorCause.ChainUnavailable, e.Cause);
    }

    [Fact]
    public async Task List_HeldListOlderThanMaxCacheAge_IsNotServedEither()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1)) };
        ProviderCatalog catalog = Catalog(source);
        await catalog.ListAsync();
        source.Down = true;
        _time.Advance(Discovery.MaxCacheAge + TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<DvpnClientException>(() => catalog.ListAsync());
    }

    [Fact]
    public async Task Initialize_MalformedCache_IsIgnoredAndTheChainIsRead()
    {
        await File.WriteAllTextAsync(_dir.File(DirectoryCacheFile.FileName), "{ this is not a cache");
        var source = new FakeDirectorySource { Snapshot = Snapshot(3, Listing(1)) };
        ProviderCatalog catalog = Catalog(source);

        await catalog.InitializeAsync(CancellationToken.None);
        ProviderList list = await catalog.ListAsync();

        Assert.False(list.FromCache);
        Assert.Single(list.Providers);
    }

    [Fact]
    public async Task Initialize_CacheOfAnotherChain_IsIgnored()
    {
        await Catalog(new FakeDirectorySource(chainId: 1) { Snapshot = Snapshot(10, Listing(1)) }).RefreshAsync();
        ProviderCatalog other = Catalog(new FakeDirectorySource(chainId: 31337) { Down = true });

        await other.InitializeAsync(CancellationToken.None);

        await Assert.ThrowsAsync<DvpnClientException>(() => other.ListAsync());
    }

    [Fact]
    public async Task Refresh_ChainDown_ThrowsAndKeepsTheLastList()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1)) };
        ProviderCatalog catalog = Catalog(source);
        await catalog.RefreshAsync();
        source.Down = true;

        DvpnClientException e = await Assert.ThrowsAsync<DvpnClientException>(() => catalog.RefreshAsync());
        _time.Advance(Discovery.RefreshInterval);
        ProviderList list = await catalog.ListAsync();

        Assert.Equal(ErrorCause.ChainUnavailable, e.Cause);
        Assert.False(list.FromCache); // read from the chain in this process, just not lately
        Assert.Equal(10UL, list.BlockNumber);
        Assert.Single(list.Providers);
    }

    [Fact]
    public async Task Refresh_AtALowerBlock_DoesNotReplaceTheList()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1), Listing(2)) };
        ProviderCatalog catalog = Catalog(source);
        await catalog.RefreshAsync();
        source.Snapshot = Snapshot(9, Listing(3));

        ProviderList list = await catalog.RefreshAsync();

        Assert.Equal(10UL, list.BlockNumber);
        Assert.Equal([AddressOf(1), AddressOf(2)], list.Providers.Select(p => p.Address));
    }

    [Fact]
    public async Task Refresh_AtALowerBlockThanTheDiskCache_DoesNotReplaceIt()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1)) };
        await Catalog(source).RefreshAsync();
        source.Snapshot = Snapshot(4, Listing(2));
        ProviderCatalog restarted = Catalog(source);
        await restarted.InitializeAsync(CancellationToken.None);

        ProviderList list = await restarted.RefreshAsync();

        Assert.Equal(10UL, list.BlockNumber);
        Assert.Equal(AddressOf(1), Assert.Single(list.Providers).Address);
    }

    [Fact]
    public async Task Refresh_AtAHigherBlock_ReplacesTheList()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1)) };
        ProviderCatalog catalog = Catalog(source);
        await catalog.RefreshAsync();
        source.Snapshot = Snapshot(11, Listing(2));

        ProviderList list = await catalog.RefreshAsync();

        Assert.Equal(11UL, list.BlockNumber);
        Assert.Equal(AddressOf(2), Assert.Single(list.Providers).Address);
    }

    [Fact]
    public async Task List_WithinTheRefreshInterval_DoesNotReadAgain_AfterItDoes()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1)) };
        ProviderCatalog catalog = Catalog(source);

        await catalog.ListAsync();
        _time.Advance(Discovery.RefreshInterval - TimeSpan.FromSeconds(1));
        await catalog.ListAsync();
        Assert.Equal(1, source.Reads);

        _time.Advance(TimeSpan.FromSeconds(1));
        await catalog.ListAsync();
        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task Refreshed_IsRaisedAfterEachSuccessfulReadOnly()
    {
        var source = new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1)) };
        ProviderCatalog catalog = Catalog(source);
        var raised = new List<ProviderList>();
        catalog.Refreshed += raised.Add;

        await catalog.RefreshAsync();
        source.Snapshot = Snapshot(12, Listing(1), Listing(2));
        await catalog.RefreshAsync();
        source.Down = true;
        await Assert.ThrowsAsync<DvpnClientException>(() => catalog.RefreshAsync());

        Assert.Equal([10UL, 12UL], raised.Select(l => l.BlockNumber));
        Assert.Equal(2, raised[1].Providers.Count);
    }

    [Fact]
    public async Task List_RejectedEntries_AreCountedAndLeftOut()
    {
        var source = new FakeDirectorySource
        {
            Snapshot = new ProviderSnapshot(10, [Listing(1)],
                [.. Enumerable.Range(0, 30).Select(i => new RejectedProvider($"#{i}", "endpoint is not an absolute URL"))]),
        };

        ProviderList list = await Catalog(source).ListAsync();

        Assert.Equal(30, list.Rejected);
        Assert.Single(list.Providers);
    }

    [Fact]
    public async Task List_ProviderWithAnActiveMark_ShowsWhenAndWhyItIsAvoided()
    {
        DateTimeOffset now = _time.GetUtcNow();
        _marks.Add(new ProviderMark(AddressOf(1), ProviderFailureReason.Unreachable, "refused", now, now.AddMinutes(10)));
        _marks.Add(new ProviderMark(AddressOf(2), ProviderFailureReason.Unreachable, "refused", now.AddHours(-1), now.AddMinutes(-1)));
        ProviderCatalog catalog = Catalog(new FakeDirectorySource { Snapshot = Snapshot(10, Listing(1), Listing(2)) });

        ProviderInfo? marked = await catalog.GetAsync(AddressOf(1).ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal));
        ProviderInfo? expired = await catalog.GetAsync(AddressOf(2));

        Assert.Equal(now.AddMinutes(10), marked?.AvoidedUntil);
        Assert.Equal("Unreachable: refused", marked?.AvoidReason);
        Assert.Null(expired?.AvoidedUntil);
        Assert.Null(await catalog.GetAsync(AddressOf(3)));
    }

    [Fact]
    public async Task List_ProviderInfo_CarriesTheListingsFields()
    {
        ProviderListing l = Listing(1, stake: 77, price: 88, region: "us-east");
        ProviderInfo info = Assert.Single((await Catalog(new FakeDirectorySource { Snapshot = Snapshot(1, l) }).ListAsync()).Providers);

        Assert.Equal(l.Endpoint, info.Endpoint);
        Assert.Equal("us-east", info.Region);
        Assert.Equal(88, info.PricePerGiB);
        Assert.Equal(77, info.Stake);
        Assert.True(info.Listed);
        Assert.Equal(Convert.ToBase64String(l.WireGuardPublicKey.AsSpan()), info.WireGuardPublicKey);
        Assert.Equal(Convert.ToHexStringLower(l.TlsFingerprint.AsSpan()), info.TlsFingerprint);
    }

    [Fact]
    public async Task Select_UsesTheListPolicyLimitAndExclusions()
    {
        ProviderCatalog catalog = Catalog(new FakeDirectorySource { Snapshot = Snapshot(1, Listing(1, price: 10), Listing(2, price: 20), Listing(3, price: 10)) },
            policyMaxPrice: 15);

        ProviderListing? choice = await catalog.SelectAsync(null, new HashSet<string> { AddressOf(1) }, CancellationToken.None);
        SelectionPreview preview = await catalog.PreviewSelectionAsync(new SelectionRequest { Provider = AddressOf(2) });

        Assert.Equal(AddressOf(3), choice?.Address);
        Assert.Null(preview.Choice);
        Assert.Contains("price", Assert.Single(preview.Excluded).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_NothingEligible_ReturnsNull()
    {
        ProviderCatalog catalog = Catalog(new FakeDirectorySource { Snapshot = Snapshot(1, Listing(1, listed: false)) });

        Assert.Null(await catalog.SelectAsync(null, new HashSet<string>(), CancellationToken.None));
    }

    [Fact]
    public async Task RefreshLoop_ReadsAtOnceThenEveryInterval_AndEndsWhenCancelled()
    {
        var time = new TimerWatchingTimeProvider(_time);
        var source = new FakeDirectorySource { Snapshot = Snapshot(1, Listing(1)) };
        ProviderCatalog catalog = Catalog(source, time);
        using var stop = new CancellationTokenSource();

        Task loop = catalog.RunRefreshLoopAsync(stop.Token);
        Assert.Equal(Discovery.RefreshInterval, await time.NextTimerAsync());
        Assert.Equal(1, source.Reads);

        source.Snapshot = Snapshot(2, Listing(1), Listing(2));
        _time.Advance(Discovery.RefreshInterval);
        Assert.Equal(Discovery.RefreshInterval, await time.NextTimerAsync());
        Assert.Equal(2, source.Reads);
        Assert.Equal(2UL, (await catalog.ListAsync()).BlockNumber);

        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task RefreshLoop_AfterFailures_RetriesSoonerWithBackoff_ThenReturnsToTheInterval()
    {
        var time = new TimerWatchingTimeProvider(_time);
        var source = new FakeDirectorySource { Down = true };
        ProviderCatalog catalog = Catalog(source, time);
        using var stop = new CancellationTokenSource();

        Task loop = catalog.RunRefreshLoopAsync(stop.Token);
        Assert.Equal(TimeSpan.FromSeconds(15), await time.NextTimerAsync());
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());

        source.Down = false;
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(Discovery.RefreshInterval, await time.NextTimerAsync());
        Assert.Equal(3, source.Reads);

        await stop.CancelAsync();
        await loop;
    }
}
