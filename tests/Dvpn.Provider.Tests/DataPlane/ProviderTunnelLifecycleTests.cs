using Dvpn.Provider.DataPlane;
using Dvpn.Testing;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>Creating, changing and removing a real <see cref="ProviderTunnel"/> in a lab namespace. Needs root.</summary>
public sealed class ProviderTunnelLifecycleTests
{
    private const int OneMebibyte = 1 << 20;

    [Fact]
    public async Task ReadCounters_RiseWithTheClientsTraffic_AndOnlyForThatPeer()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        ProviderTunnel tunnel = await lab.StartTunnelAsync();
        LabClient busy = await lab.AddClientAsync();
        LabClient idle = await lab.AddClientAsync();
        IReadOnlyDictionary<PublicKey, PeerCounters> before = await tunnel.ReadCountersAsync();

        Assert.NotNull(await SourceAddressServer.TryQueryAsync(busy.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout, OneMebibyte));
        IReadOnlyDictionary<PublicKey, PeerCounters> after = await tunnel.ReadCountersAsync();

        // A client's kernel sends a little on its own when its interface comes up (IPv6 router solicitations):
        // compare with the counts before, and let the idle peer's small change stand for "not the busy one's traffic".
        PeerCounters busyBefore = before[busy.PublicKey];
        PeerCounters busyAfter = after[busy.PublicKey];
        ulong idleChange = after[idle.PublicKey].TotalBytes - before[idle.PublicKey].TotalBytes;
        Assert.True(busyAfter.ReceivedBytes - busyBefore.ReceivedBytes >= OneMebibyte, $"received {busyAfter.ReceivedBytes - busyBefore.ReceivedBytes}");
        Assert.True(busyAfter.SentBytes > busyBefore.SentBytes);
        Assert.NotNull(busyAfter.LastHandshake);
        Assert.True(idleChange < 64 * 1024, $"the idle peer's counters changed by {idleChange}");
    }

    [Fact]
    public async Task RemovePeer_CutsTheClientsTraffic_AndDropsItsCounters()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        ProviderTunnel tunnel = await lab.StartTunnelAsync();
        LabClient client = await lab.AddClientAsync();
        Assert.NotNull(await SourceAddressServer.TryQueryAsync(client.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout));

        await tunnel.RemovePeerAsync(client.PublicKey);
        await tunnel.RemovePeerAsync(client.PublicKey); // already gone: no error

        Assert.Null(await SourceAddressServer.TryQueryAsync(client.Host, DataPlaneLab.Internet4, DataPlaneLab.BlockedTimeout));
        Assert.False((await tunnel.ReadCountersAsync()).ContainsKey(client.PublicKey));
    }

    [Fact]
    public async Task Dispose_RemovesTheNftTableAndTheDevice()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        ProviderTunnel tunnel = await lab.StartTunnelAsync();
        Assert.Contains(tunnel.TableName, await ListTablesAsync(lab.Provider));
        Assert.True(await lab.Provider.HasLinkAsync(tunnel.InterfaceName));

        await tunnel.DisposeAsync();

        Assert.DoesNotContain(tunnel.TableName, await ListTablesAsync(lab.Provider));
        Assert.False(await lab.Provider.HasLinkAsync(tunnel.InterfaceName));
        Assert.False(File.Exists($"/var/run/wireguard/{tunnel.InterfaceName}.sock"));
    }

    [Fact]
    public async Task Create_EnablesForwardingInItsOwnNamespaceOnly()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        string hostIPv4 = await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_forward");
        string hostIPv6 = await File.ReadAllTextAsync("/proc/sys/net/ipv6/conf/all/forwarding");
        await lab.Provider.RunAsync(["sysctl", "-q", "-w", "net.ipv4.ip_forward=0", "net.ipv6.conf.all.forwarding=0"]);

        await lab.StartTunnelAsync();

        Assert.Equal("1", await SysctlAsync(lab.Provider, "net.ipv4.ip_forward"));
        Assert.Equal("1", await SysctlAsync(lab.Provider, "net.ipv6.conf.all.forwarding"));
        Assert.Equal(hostIPv4, await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_forward"));
        Assert.Equal(hostIPv6, await File.ReadAllTextAsync("/proc/sys/net/ipv6/conf/all/forwarding"));
    }

    [Fact]
    public async Task Create_ReplacesAStaleTableLeftByACrashedRun()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        string table = NftRuleset.TableNameFor(lab.Options.Interface);
        (_, int code, _, string error) = await lab.Provider.RunWithInputAsync(["nft", "-f", "-"],
            $"table inet {table} {{\n\tchain stale_from_crash {{\n\t\ttype filter hook forward priority filter; policy drop;\n\t}}\n}}\n");
        Assert.True(code == 0, error);

        await lab.StartTunnelAsync();
        LabClient client = await lab.AddClientAsync();

        string rules = (await lab.Provider.RunAsync(["nft", "list", "table", "inet", table])).StandardOutput;
        Assert.DoesNotContain("stale_from_crash", rules, StringComparison.Ordinal);
        Assert.Contains("masquerade", rules, StringComparison.Ordinal);
        Assert.NotNull(await SourceAddressServer.TryQueryAsync(client.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout));
    }

    [Fact]
    public async Task Create_TakesOverTheInterfaceOfAWireGuardGoLeftByACrashedRun()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        // What a SIGKILLed provider leaves: its wireguard-go, still running with the interface.
        HostProcess orphan = lab.Provider.Start(["wireguard-go", "-f", lab.Options.Interface]);
        await Eventually.HoldsAsync(() => lab.Provider.HasLinkAsync(lab.Options.Interface), TimeSpan.FromSeconds(10),
            "the orphan's interface to appear", TimeSpan.FromMilliseconds(50));

        await lab.StartTunnelAsync();
        LabClient client = await lab.AddClientAsync();

        await orphan.WaitForExitAsync(TimeSpan.FromSeconds(10)); // it went away with its interface
        Assert.NotNull(await SourceAddressServer.TryQueryAsync(client.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout));
    }

    [Fact]
    public async Task Create_UpstreamInterfaceMissing_ThrowsNamingTheSetting_AndLeavesNothingBehind()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        lab.Options.UpstreamInterface = "nosuch0";

        DataPlaneException e = await Assert.ThrowsAsync<DataPlaneException>(lab.StartTunnelAsync);

        Assert.Contains("'nosuch0'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Provider:Tunnel:UpstreamInterface", e.Message, StringComparison.Ordinal);
        Assert.False(await lab.Provider.HasLinkAsync(lab.Options.Interface));
        Assert.DoesNotContain(NftRuleset.TableNameFor(lab.Options.Interface), await ListTablesAsync(lab.Provider));
    }

    [Fact]
    public async Task Create_NftMissing_ThrowsSayingToInstallNftables_AndCreatesNoDevice()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        lab.Options.NftPath = "/nonexistent/nft";

        DataPlaneException e = await Assert.ThrowsAsync<DataPlaneException>(lab.StartTunnelAsync);

        Assert.Contains("nftables", e.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/nft", e.Message, StringComparison.Ordinal);
        Assert.False(await lab.Provider.HasLinkAsync(lab.Options.Interface));
    }

    [Fact]
    public async Task Create_AssignsTheGatewaysWithThePoolPrefix_AndTheMtu()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        lab.Options.Mtu = 1380;
        ProviderTunnel tunnel = await lab.StartTunnelAsync();

        string link = (await lab.Provider.IpAsync(["-o", "address", "show", "dev", tunnel.InterfaceName])).StandardOutput;
        string mtu = (await lab.Provider.IpAsync(["-o", "link", "show", "dev", tunnel.InterfaceName])).StandardOutput;

        Assert.Contains("inet 10.77.0.1/24", link, StringComparison.Ordinal);
        Assert.Contains("inet6 fd77:77::1/64", link, StringComparison.Ordinal);
        Assert.Contains("mtu 1380", mtu, StringComparison.Ordinal);
        Assert.Contains(",UP", mtu, StringComparison.Ordinal);
    }

    private static async Task<string> ListTablesAsync(NetworkHost host) => (await host.RunAsync(["nft", "list", "tables"])).StandardOutput;

    private static async Task<string> SysctlAsync(NetworkHost host, string key) => (await host.RunAsync(["sysctl", "-n", key])).StandardOutput.Trim();
}
