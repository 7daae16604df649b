using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Client.Tests.Support;
using Dvpn.Testing;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;

namespace Dvpn.Client.Tests.EndToEnd;

/// <summary>
/// The client as its own process (the sample), SIGKILLed while it pays and started again on the same data directory:
/// it returns to its target state, its ledger kept every ticket, and no nonce is used twice.
/// </summary>
[Collection(ClientLabFixture.CollectionName)]
[SupportedOSPlatform("linux")]
public sealed class CrashRestartTests(ClientLabFixture fixture)
{
    private const string Region = "e2e-restart";
    private const string ConnectedLine = "STATE connected ";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private ClientLab Lab => fixture.Lab;

    [Fact]
    public async Task ClientKilledWhilePaying_RestartsOnItsDataDirectory_Reconnects_AndReusesNoNonce()
    {
        LabProvider provider = await Lab.StartProviderAsync(new LabProviderSpec { Region = Region });
        using LabClientAccount account = await Lab.CreateClientAccountAsync();
        IReadOnlyList<string> settings = ConfigurationArguments.From(account.CreateOptions(Region), "Dvpn");

        // First run: connect, carry traffic, pay, then SIGKILL mid-session.
        await using (HostProcess first = StartSample(settings, connect: true))
        {
            await first.WaitForOutputAsync(l => l.StartsWith(ConnectedLine, StringComparison.Ordinal), ConnectTimeout);
            await PayForTrafficAsync(provider, first, atLeastAccepted: 2);
            Assert.Equal(137, await first.KillAsync(ExitTimeout));
        }

        IReadOnlyList<(string Session, ulong Nonce, string ExpectedValue)> beforeRestart = LedgerFile.ReadTickets(account.DataDirectory);
        Assert.True(beforeRestart.Count >= 2, $"the ledger kept {beforeRestart.Count} tickets");
        // Tickets the killed client had already sent may still be on their way through its tunnel (its wireguard-go
        // outlives it): they get a moment to land before the tunnel goes. A ticket still unsent when it died is lost.
        double acceptedBefore = 0;
        for (long until = Environment.TickCount64 + 5000; Environment.TickCount64 < until; await Task.Delay(100))
        {
            acceptedBefore = (await provider.ScrapeAsync()).Sum(LabProvider.TicketsAccepted);
            if (acceptedBefore >= beforeRestart.Count - 1)
            {
                break;
            }
        }

        // As systemd does for a crashed service: whatever it left running in its namespace (its wireguard-go) goes too.
        await Lab.Client.KillAllProcessesAsync();
        Assert.True(acceptedBefore >= beforeRestart.Count - 1,
            $"the provider accepted {acceptedBefore} tickets, the ledger authorized {beforeRestart.Count} (one may be unsent when the client died)");

        // Second run on the same data directory, without --connect: the persisted target (secured) brings it back.
        await using (HostProcess second = StartSample(settings, connect: false))
        {
            await second.WaitForOutputAsync(l => l.StartsWith(ConnectedLine, StringComparison.Ordinal), ConnectTimeout);
            await PayForTrafficAsync(provider, second, atLeastAccepted: (int)acceptedBefore + 2);
            Assert.Equal(0, await second.TerminateAsync(ExitTimeout));
        }

        // The provider saw no replayed (or otherwise refused) ticket from the restarted client.
        PrometheusText metrics = await provider.ScrapeAsync();
        Assert.Equal(0, metrics.Sum(LabProvider.TicketsRejected, ("verdict", "Replayed")));
        Assert.Equal(0, metrics.Sum(LabProvider.TicketsRejected));

        // The ledger kept every row from before the kill, and nonces only ever went up.
        IReadOnlyList<(string Session, ulong Nonce, string ExpectedValue)> after = LedgerFile.ReadTickets(account.DataDirectory);
        Assert.True(after.Count > beforeRestart.Count);
        Assert.Equal(beforeRestart, after.Take(beforeRestart.Count));
        for (int i = 1; i < after.Count; i++)
        {
            Assert.True(after[i].Nonce > after[i - 1].Nonce, $"nonce {after[i].Nonce} follows {after[i - 1].Nonce} (row {i})");
        }

        Assert.All(after, row => Assert.True(BigInteger.Parse(row.ExpectedValue, System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.True(after.Select(r => r.Session).Distinct().Count() >= 2, "the restarted client paid in a new session");
    }

    private HostProcess StartSample(IReadOnlyList<string> settings, bool connect) =>
        Lab.Network.StartInRootNamespace(["dotnet", SampleBinary.Locate(), .. connect ? new[] { "--connect" } : [], .. settings]);

    /// <summary>Sends traffic through the tunnel until the provider has accepted <paramref name="atLeastAccepted"/> tickets in all.</summary>
    private async Task PayForTrafficAsync(LabProvider provider, HostProcess client, int atLeastAccepted)
    {
        PrometheusText scrape = await provider.ScrapeAsync();
        await Eventually.HoldsAsync(async () =>
            {
                await Lab.WaitForInternetAsync(TransferTimeout);
                TcpTransferResult transfer = await Lab.TransferToInternetAsync(4 * 1024 * 1024, TransferTimeout);
                Assert.True(transfer.Intact, $"{transfer}");
                return (scrape = await provider.ScrapeAsync()).Sum(LabProvider.TicketsAccepted) >= atLeastAccepted;
            },
            PaymentTimeout,
            $"{provider} accepting {atLeastAccepted} tickets. Last scrape:\n{scrape.Text}\nClient output:\n{client.Output}");
    }
}
