using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Lab;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>ProviderService on the real daemon against the lab's two providers on the devnet Directory.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class ProvidersApiTests(DaemonLabFixture fixture)
{
    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task ListProviders_InTheLabRegion_ReturnsBothLabProviders_Paged()
    {
        var firstPage = await Control.Providers.ListProvidersAsync(new V1.ListProvidersRequest
        {
            Regions = { DaemonLabFixture.Region },
            Sort = V1.ProviderSort.Price,
            Page = new V1.PageRequest { PageSize = 1 },
        });
        Assert.Single(firstPage.Providers);
        Assert.NotEmpty(firstPage.NextPageToken);
        Assert.True(firstPage.BlockNumber > 0);

        var secondPage = await Control.Providers.ListProvidersAsync(new V1.ListProvidersRequest
        {
            Regions = { DaemonLabFixture.Region },
            Sort = V1.ProviderSort.Price,
            Page = new V1.PageRequest { PageSize = 1, PageToken = firstPage.NextPageToken },
        });
        string[] listed = [.. firstPage.Providers.Concat(secondPage.Providers).Select(p => p.Address.ToLowerInvariant()).Order()];
        string[] expected = [.. fixture.Providers.Select(p => p.Address.ToString().ToLowerInvariant()).Order()];
        Assert.Equal(expected, listed);
        Assert.All(firstPage.Providers.Concat(secondPage.Providers), p =>
        {
            Assert.Equal(DaemonLabFixture.Region, p.Region);
            Assert.Equal(ClientLab.DefaultPricePerGiB.ToString(System.Globalization.CultureInfo.InvariantCulture), p.PricePerGib);
            Assert.True(p.Listed);
            Assert.NotEmpty(p.WireguardPublicKey);
        });
    }

    [Fact]
    public async Task GetProvider_Known_ReturnsIt_Unknown_IsNotFound()
    {
        LabProvider provider = fixture.Providers[0];
        V1.Provider found = await Control.Providers.GetProviderAsync(new V1.GetProviderRequest { Address = provider.Address.ToString() });
        Assert.Equal(provider.Address.ToString(), found.Address, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(DaemonLabFixture.Region, found.Region);

        await RpcAssert.FailsAsync(StatusCode.NotFound, "NOT_FOUND",
            () => Control.Providers.GetProviderAsync(new V1.GetProviderRequest { Address = "0x00000000000000000000000000000000000000ab" }).ResponseAsync);
    }

    [Fact]
    public async Task RefreshProviders_ReadsTheDirectoryAgain_AtTheCurrentBlock()
    {
        ulong before = (await Control.Providers.ListProvidersAsync(new V1.ListProvidersRequest())).BlockNumber;
        V1.RefreshProvidersResponse refreshed = await Control.Providers.RefreshProvidersAsync(new V1.RefreshProvidersRequest());
        Assert.True(refreshed.Listed >= 2, $"{refreshed}");
        Assert.True(refreshed.BlockNumber >= before, $"refreshed at {refreshed.BlockNumber}, listed at {before}");
        Assert.Equal(refreshed.BlockNumber, (await Control.Providers.ListProvidersAsync(new V1.ListProvidersRequest())).BlockNumber);
    }

    [Fact]
    public async Task ProbeProvider_ALabProvider_AnswersWithALatency()
    {
        V1.ProbeProviderResponse probe = await Control.Providers.ProbeProviderAsync(
            new V1.ProbeProviderRequest { Address = fixture.Providers[1].Address.ToString() });
        Assert.NotNull(probe.Latency);
        Assert.True(probe.Latency.ToTimeSpan() > TimeSpan.Zero && probe.Latency.ToTimeSpan() < TimeSpan.FromSeconds(2), $"{probe.Latency}");
    }

    [Fact]
    public async Task PreviewSelection_PinnedProvider_ChoosesIt()
    {
        LabProvider pinned = fixture.Providers[0];
        V1.PreviewSelectionResponse preview = await Control.Providers.PreviewSelectionAsync(new V1.PreviewSelectionRequest
        {
            Selection = new V1.ProviderSelection { Provider = pinned.Address.ToString(), Regions = { DaemonLabFixture.Region } },
        });
        Assert.Equal(pinned.Address.ToString(), preview.Choice, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(1u, preview.Eligible);
    }

    [Fact]
    public async Task SetProviderLists_ReplacesBothLists_GetProviderLists_ShowsThem_AndPreviewHonoursTheDenyList()
    {
        string denied = fixture.Providers[1].Address.ToString();
        try
        {
            V1.ProviderLists set = await Control.Providers.SetProviderListsAsync(new V1.ProviderLists { Deny = { denied } });
            Assert.Equal([denied.ToLowerInvariant()], set.Deny.Select(a => a.ToLowerInvariant()));
            Assert.Empty(set.Allow);

            V1.ProviderLists read = await Control.Providers.GetProviderListsAsync(new V1.GetProviderListsRequest());
            Assert.Equal(set, read);

            V1.PreviewSelectionResponse preview = await Control.Providers.PreviewSelectionAsync(new V1.PreviewSelectionRequest
            {
                Selection = new V1.ProviderSelection { Regions = { DaemonLabFixture.Region } },
            });
            Assert.True(string.Equals(fixture.Providers[0].Address.ToString(), preview.Choice, StringComparison.OrdinalIgnoreCase),
                $"denied {denied}, allowed {fixture.Providers[0].Address}; the preview: {preview}");
            Assert.Contains(preview.Excluded, e => string.Equals(e.Address, denied, StringComparison.OrdinalIgnoreCase)
                && e.Reason.Contains("deny", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await Control.Providers.SetProviderListsAsync(new V1.ProviderLists());
        }

        Assert.Empty((await Control.Providers.GetProviderListsAsync(new V1.GetProviderListsRequest())).Deny);
    }
}
