using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Client.Selection;
using Dvpn.Client.State;
using Dvpn.Client.Stats;
using Dvpn.Client.Tests.Support;
using Dvpn.Testing;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.EndToEnd;

/// <summary>The whole path once: discover, select by constraints, connect, carry traffic, pay, disconnect.</summary>
[Collection(ClientLabFixture.CollectionName)]
[SupportedOSPlatform("linux")]
public sealed class ConnectPayDisconnectTests(ClientLabFixture fixture, ITestOutputHelper output)
{
    private const string Region = "e2e-basic";
    private const long TransferBytes = 8 * 1024 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(30);

    private ClientLab Lab => fixture.Lab;

    [Fact]
    public async Task Client_PicksTheOnlyQualifyingProvider_CarriesTrafficThroughItsTunnel_PaysIt_AndDisconnectsCleanly()
    {
        BigInteger price = ClientLab.DefaultPricePerGiB;
        LabProvider qualifying = await Lab.StartProviderAsync(new LabProviderSpec { Region = Region, PricePerGiB = price });
        LabProvider expensive = await Lab.StartProviderAsync(new LabProviderSpec { Region = Region, PricePerGiB = 10 * price });
        LabProvider denied = await Lab.StartProviderAsync(new LabProviderSpec { Region = Region, PricePerGiB = price });
        LabProvider elsewhere = await Lab.StartProviderAsync(new LabProviderSpec { Region = Region + "-other", PricePerGiB = price });

        await using LabClient lab = await LabClient.StartAsync(Lab, output, Region, o =>
        {
            o.Selection.Regions.Add(elsewhere.Region); // standing: both regions; the connect narrows to one
            o.Selection.MaxPricePerGiB = 2 * price;
            o.Selection.Deny.Add(denied.Address.ToString());
        });
        DvpnClient client = lab.Client;
        var request = new SelectionRequest { Regions = [Region] };

        // Selection: exactly one provider qualifies, and every other one is excluded for its own reason.
        SelectionPreview preview = await client.Providers.PreviewSelectionAsync(request);
        Assert.True(Same(qualifying, preview.Choice), $"preview chose {preview.Choice}, not {qualifying}: {preview}");
        Assert.Equal(1, preview.Eligible);
        AssertExcluded(preview, expensive, "price");
        AssertExcluded(preview, denied, "deny");
        AssertExcluded(preview, elsewhere, "region");

        // Connect and carry traffic to the internet host, which only the tunnel reaches.
        Connected connected = await client.ConnectAsync(request).WaitAsync(ConnectTimeout);
        Assert.True(Same(qualifying, connected.Provider.Address), $"connected to {connected.Provider.Address}");
        string interfaceName = connected.Session.InterfaceName;
        Assert.Equal(lab.Options.Tunnel.InterfaceName, interfaceName);
        Assert.True(await Lab.Client.HasLinkAsync(interfaceName));
        TcpTransferResult transfer = await Lab.TransferToInternetAsync(TransferBytes, TransferTimeout);
        Assert.True(transfer.Intact, $"{transfer}");
        Assert.Equal(TransferBytes, transfer.BytesReceived);

        // Payment: the provider accepted tickets and credited value; the client's own figures and ledger agree.
        PrometheusText metrics = await WaitForAcceptedTicketsAsync(qualifying, 1);
        Assert.Equal(0, metrics.Sum(LabProvider.TicketsRejected));
        Assert.True(metrics.Sum(LabProvider.ValueCredited) > 0, metrics.Text);
        SessionStats? stats = client.CurrentSession;
        Assert.NotNull(stats);
        Assert.True(stats.TicketsSent >= 1, $"{stats}");
        Assert.True(stats.Credited > 0, $"{stats}");
        Assert.True(stats.BytesSent >= TransferBytes, $"{stats}");
        Assert.True(client.Spending.GetSummary().CurrentSession > 0);

        // Disconnect: state, interface, routes, history.
        await client.DisconnectAsync().WaitAsync(ConnectTimeout);
        Assert.IsType<Disconnected>(client.State);
        Assert.Equal(TargetState.Unsecured, client.Target);
        Assert.False(await Lab.Client.HasLinkAsync(interfaceName), $"{interfaceName} is still there after the disconnect");
        CommandResult routes = await Lab.Client.RunAsync(["ip", "-4", "route", "show"]);
        Assert.DoesNotContain(interfaceName, routes.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(qualifying.Site.WanAddress + " ", routes.StandardOutput, StringComparison.Ordinal); // the endpoint exception route
        Assert.False(await Lab.CanReachInternetAsync(TimeSpan.FromSeconds(1)));

        SessionRecord record = Assert.Single(client.GetHistory(), r => r.SessionId == connected.Session.SessionId);
        Assert.True(Same(qualifying, record.Provider));
        Assert.NotNull(record.Ended);
        Assert.False(string.IsNullOrWhiteSpace(record.EndReason));
        Assert.True(record.Spent > 0);
        Assert.True(record.TicketsSent >= stats.TicketsSent, $"{record}");
        Assert.True(client.Spending.GetSummary().AllTime >= record.Spent);
    }

    private static bool Same(LabProvider provider, string? address) =>
        string.Equals(provider.Address.ToString(), address, StringComparison.OrdinalIgnoreCase);

    private static void AssertExcluded(SelectionPreview preview, LabProvider provider, string reasonMentions)
    {
        ExcludedProvider? excluded = preview.Excluded.FirstOrDefault(e => Same(provider, e.Address));
        Assert.True(excluded is not null, $"{provider} is not among the excluded: {string.Join("; ", preview.Excluded)}");
        Assert.Contains(reasonMentions, excluded.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<PrometheusText> WaitForAcceptedTicketsAsync(LabProvider provider, int atLeast)
    {
        PrometheusText scrape = await provider.ScrapeAsync();
        await Eventually.HoldsAsync(async () => (scrape = await provider.ScrapeAsync()).Sum(LabProvider.TicketsAccepted) >= atLeast, PaymentTimeout,
            $"{provider} accepting {atLeast} ticket(s). Last scrape:\n{scrape.Text}");
        return scrape;
    }
}
