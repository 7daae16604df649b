using System.Globalization;
using System.Runtime.Versioning;
using Dvpn.Client.Events;
using Dvpn.Client.Selection;
using Dvpn.Client.State;
using Dvpn.Client.Tests.Support;
using Dvpn.Devnet.Lab;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.EndToEnd;

/// <summary>A provider that invoices more than the client measured is left, and stays out of selection.</summary>
[Collection(ClientLabFixture.CollectionName)]
[SupportedOSPlatform("linux")]
public sealed class OverClaimTests(ClientLabFixture fixture, ITestOutputHelper output)
{
    private const string Region = "e2e-oc";
    private const string HonestRegion = "e2e-oc-honest";
    private const int OverclaimPercent = 100;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan OverClaimTimeout = TimeSpan.FromSeconds(90);

    private ClientLab Lab => fixture.Lab;

    [Fact]
    public async Task OverClaimingProvider_IsLeftAsOverClaimed_AndItsMarkKeepsItOutOfSelection()
    {
        LabProvider cheat = await Lab.StartProviderAsync(new LabProviderSpec
        {
            Region = Region,
            Settings = new Dictionary<string, string>
            {
                ["Testing:OverclaimPercent"] = OverclaimPercent.ToString(CultureInfo.InvariantCulture),
                // The test is about the client's verdict on invoices. With the strict tolerance below, wireguard-go's
                // losses on a busy machine leave the client paying a little less than the provider's honest ledger
                // counts; a roomier credit keeps that from cutting the session before the strikes add up.
                ["Payment:CreditLimitBytes"] = (16 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
            },
        });
        LabProvider honest = await Lab.StartProviderAsync(new LabProviderSpec { Region = HonestRegion });
        // The default tolerance (5%): this test is about over-claiming. Standing regions: both; the first connect narrows.
        await using LabClient lab = await LabClient.StartAsync(Lab, output, Region, o =>
        {
            o.Selection.Regions.Add(HonestRegion);
            o.Payment.TolerancePpm = new Options.PaymentOptions().TolerancePpm;
        });
        DvpnClient client = lab.Client;

        Connected connected = await client.ConnectAsync(new SelectionRequest { Regions = [Region] }).WaitAsync(ConnectTimeout);
        Assert.True(Same(cheat, connected.Provider.Address), $"connected to {connected.Provider.Address}, the only eligible one is {cheat}");

        // Traffic makes the inflated invoices exceed the allowance (own bytes x tolerance + slack).
        Task traffic = Lab.TransferToInternetAsync(32L * 1024 * 1024, OverClaimTimeout);
        ProviderFailed failed = await lab.Events.WaitForAsync<ProviderFailed>(e => Same(cheat, e.Provider), OverClaimTimeout);
        Assert.Equal(ProviderFailureReason.OverClaimed, failed.Reason);
        Assert.True(failed.AvoidUntil > connected.Since.AddDays(1), $"{failed}: avoided for less than the over-claim penalty");
        _ = traffic.ContinueWith(t => t.Exception, TaskScheduler.Default); // may finish or break; only the verdict matters
        Assert.False(client.State is Connected c && Same(cheat, c.Provider.Address), $"still connected to {cheat}");

        // The mark: a fresh preview excludes the cheat with the reason, and picks the honest provider.
        await client.Providers.RefreshAsync();
        SelectionPreview preview = await client.Providers.PreviewSelectionAsync();
        ExcludedProvider? excluded = preview.Excluded.FirstOrDefault(e => Same(cheat, e.Address));
        Assert.True(excluded is not null, $"{cheat} is not excluded: {preview}");
        Assert.Contains(nameof(ProviderFailureReason.OverClaimed), excluded.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.True(Same(honest, preview.Choice), $"preview chose {preview.Choice}");

        Connected next = await client.ConnectAsync().WaitAsync(ConnectTimeout);
        Assert.True(Same(honest, next.Provider.Address), $"connected to {next.Provider.Address}");
    }

    private static bool Same(LabProvider provider, string? address) =>
        string.Equals(provider.Address.ToString(), address, StringComparison.OrdinalIgnoreCase);
}
