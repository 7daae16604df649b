using System.Diagnostics;
using System.Net;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// A provider stopped the way systemd stops it (SIGTERM) tells its clients why their sessions end, leaves nothing
/// of its data plane behind in the namespace (no WireGuard interface, no nftables table) and exits 0.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class ShutdownTests(ProviderLab lab)
{
    private static readonly IPAddress SiteAddress = IPAddress.Parse("10.99.0.7");
    private static readonly TimeSpan CutOffTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sigterm_EndsSessionsWithProviderStopping_RemovesPeersAndNftTable_AndExitsZero()
    {
        ProviderSite site = await lab.Topology.AddSiteAsync("stop", SiteAddress);
        using var identity = ProviderIdentity.Create(ProviderLab.StoppingProviderAccount);
        await lab.StakeAsync(identity.Address, ProviderLab.MinStake);
        ProviderSettings settings = lab.Settings(site, identity, "10.82.0.0/24");
        string tunnel = settings["Tunnel:Interface"]!;
        string table = $"table inet dvpn_{tunnel}";
        NetworkHost host = site.Host;
        await using ProviderProcess provider = await ProviderProcess.StartAsync(site, settings);
        using ClientAccount account = await lab.NewFundedAccountAsync();

        await using ClientSession session = await lab.Client.ConnectAsync(account, identity.Address);
        await using PaymentStream payment = await session.StartPaymentAsync(PaymentPolicy.None);
        TicketReceipt paid = await payment.PayAsync(payment.NewTicketFor(ProviderLab.ValueOf(4 * 1024 * 1024)));
        Assert.Equal(TicketVerdict.Accepted, paid.Verdict);
        // What the stop must take away is there while the provider runs.
        Assert.True((await LinkAsync(host, tunnel)).Succeeded, $"the provider's WireGuard interface {tunnel} must exist while it runs");
        Assert.Contains(table, await TablesAsync(host));

        long stopping = Stopwatch.GetTimestamp();
        int exitCode = await provider.StopAsync();
        TimeSpan stopTime = Stopwatch.GetElapsedTime(stopping);

        Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM. Output:\n{provider.Output}");
        CommandResult link = await LinkAsync(host, tunnel);
        Assert.False(link.Succeeded, $"the WireGuard interface {tunnel} (and with it every peer) must be gone: {link.StandardOutput}");
        Assert.DoesNotContain(table, await TablesAsync(host));

        // Whatever reaches the client came through the tunnel, which is gone now: so it was sent before the exit.
        CutOff cutOff;
        try
        {
            cutOff = await payment.CutOff.WaitAsync(CutOffTimeout);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Assert.Fail($"No CutOff reached the client before the provider exited ({e.GetType().Name}; the stop took {stopTime}). "
                + $"Provider output:\n{provider.Output}");
            throw;
        }

        Assert.Equal(CutOffReason.ProviderStopping, cutOff.Reason);
    }

    private static Task<CommandResult> LinkAsync(NetworkHost host, string name) => host.RunAsync(["ip", "link", "show", name]);

    /// <summary>The namespace's nftables tables, one <c>table &lt;family&gt; &lt;name&gt;</c> each.</summary>
    private static async Task<string[]> TablesAsync(NetworkHost host) =>
        (await host.RunAsync(["nft", "list", "tables"])).EnsureSuccess().StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
