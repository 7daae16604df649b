using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.State;
using Dvpn.Client.Stats;
using Dvpn.Client.Tests.Support;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Providers;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.EndToEnd;

/// <summary>A session cap stops spending at the cap: the session ends, and not one ticket more leaves.</summary>
[Collection(ClientLabFixture.CollectionName)]
[SupportedOSPlatform("linux")]
public sealed class SpendCapTests(ClientLabFixture fixture, ITestOutputHelper output)
{
    private const string Region = "e2e-cap";
    private const long GiB = 1L << 30;

    /// <summary>Far more traffic than the cap pays for.</summary>
    private const long TransferBytes = 64L * 1024 * 1024;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CapTimeout = TimeSpan.FromSeconds(90);

    private ClientLab Lab => fixture.Lab;

    [Fact]
    public async Task SessionCap_Reached_DisconnectsWithSpendLimitReached_AndNoTicketPassesTheCap()
    {
        // The value of 6 MiB: a few tickets' worth (each pays for about one 2 MiB prepay window).
        BigInteger cap = 6L * 1024 * 1024 * ClientLab.DefaultPricePerGiB / GiB;
        LabProvider provider = await Lab.StartProviderAsync(new LabProviderSpec { Region = Region });
        await using LabClient lab = await LabClient.StartAsync(Lab, output, Region, o =>
        {
            o.Spending.PerSession = cap;
            o.Spending.Action = SpendCapAction.Disconnect;
        });
        DvpnClient client = lab.Client;

        Connected connected = await client.ConnectAsync().WaitAsync(ConnectTimeout);
        using var stopTransfer = new CancellationTokenSource();
        Task transfer = Lab.TransferToInternetAsync(TransferBytes, CapTimeout, stopTransfer.Token);

        SpendLimitReached reached = await lab.Events.WaitForAsync<SpendLimitReached>(e => e.Cap == SpendCap.Session, CapTimeout);
        (Disconnected _, long _) = await lab.Events.WaitForStateAsync<Disconnected>(CapTimeout, after: reached.Sequence);
        // The transfer cannot finish without the tunnel (the client namespace has no other way out): stop waiting for it.
        await stopTransfer.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => transfer);
        Assert.IsType<Disconnected>(client.State);
        Assert.Equal(cap, reached.Limit);
        Assert.True(reached.Spent <= cap, $"{reached}");

        // The ledger: the session spent at most the cap.
        SessionRecord record = Assert.Single(client.GetHistory(), r => r.SessionId == connected.Session.SessionId);
        Assert.True(record.Spent <= cap, $"the ledger has {record.Spent} spent in the session, over the cap {cap}");
        Assert.True(record.TicketsSent >= 1, $"{record}");
        Assert.NotNull(record.Ended);

        // The provider: it received no ticket the ledger did not authorize (the ledger can count one more: a ticket is
        // on disk before it is sent, and one in flight when the session closed never arrives), and credited no more
        // than the cap.
        PrometheusText metrics = await provider.ScrapeAsync();
        Assert.InRange((long)metrics.Sum(LabProvider.TicketsReceived), 1, record.TicketsSent);
        Assert.Equal(0, metrics.Sum(LabProvider.TicketsRejected));
        double credited = metrics.Sum(LabProvider.ValueCredited);
        Assert.True(credited <= (double)cap * (1 + 1e-9), $"the provider credited {credited}, over the cap {cap}:\n{metrics.Text}");
        Assert.False(await Lab.Client.HasLinkAsync(connected.Session.InterfaceName));
    }
}
