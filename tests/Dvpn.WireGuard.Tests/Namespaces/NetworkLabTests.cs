using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Tests.Namespaces;

[SupportedOSPlatform("linux")]
public sealed class NetworkLabTests
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TwoHosts_OnAPointToPointLink_ReachEachOther()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost a = await lab.AddHostAsync("a");
        NetworkHost b = await lab.AddHostAsync("b");

        await lab.ConnectAsync(a, "10.1.0.1/24", b, "10.1.0.2/24");

        Assert.True(await a.PingAsync(IPAddress.Parse("10.1.0.2"), PingTimeout));
        Assert.True(await b.PingAsync(IPAddress.Parse("10.1.0.1"), PingTimeout));
    }

    [Fact]
    public async Task ThreeHosts_OnASwitch_ReachEachOther()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkSwitch lan = await lab.AddSwitchAsync("lan");
        NetworkHost[] hosts = [await lab.AddHostAsync("h1"), await lab.AddHostAsync("h2"), await lab.AddHostAsync("h3")];
        for (int i = 0; i < hosts.Length; i++)
        {
            await lab.AttachAsync(lan, hosts[i], InterfaceAddress.Parse($"10.2.0.{i + 1}/24"));
        }

        Assert.True(await hosts[0].PingAsync(IPAddress.Parse("10.2.0.2"), PingTimeout));
        Assert.True(await hosts[0].PingAsync(IPAddress.Parse("10.2.0.3"), PingTimeout));
        Assert.True(await hosts[2].PingAsync(IPAddress.Parse("10.2.0.2"), PingTimeout));
    }

    [Fact]
    public async Task Host_WithADefaultRoute_ReachesAHostBehindARouter()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost client = await lab.AddHostAsync("client");
        NetworkHost router = await lab.AddHostAsync("router");
        NetworkHost server = await lab.AddHostAsync("server");
        await lab.ConnectAsync(client, "10.3.1.2/24", router, "10.3.1.1/24");
        await lab.ConnectAsync(router, "10.3.2.1/24", server, "10.3.2.2/24");
        await router.EnableForwardingAsync();
        await server.SetDefaultRouteAsync(IPAddress.Parse("10.3.2.1"));

        Assert.False(await client.PingAsync(IPAddress.Parse("10.3.2.2"), TimeSpan.FromMilliseconds(300)));

        await client.SetDefaultRouteAsync(IPAddress.Parse("10.3.1.1"));

        Assert.True(await client.PingAsync(IPAddress.Parse("10.3.2.2"), PingTimeout));
    }

    [Fact]
    public async Task Ping_ToAnAddressNobodyHas_FailsWithinItsTimeout()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost a = await lab.AddHostAsync("a");
        NetworkHost b = await lab.AddHostAsync("b");
        await lab.ConnectAsync(a, "10.4.0.1/24", b, "10.4.0.2/24");

        Task<bool> ping = a.PingAsync(IPAddress.Parse("10.4.0.99"), TimeSpan.FromMilliseconds(500));

        Assert.False(await ping.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task RunAsync_RunsTheCommandInsideTheHost()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost a = await lab.AddHostAsync("a");
        NetworkHost b = await lab.AddHostAsync("b");
        (HostInterface endA, _) = await lab.ConnectAsync(a, "10.5.0.1/24", b, "10.5.0.2/24");

        CommandResult addresses = (await a.RunAsync(["ip", "-o", "-4", "addr", "show"])).EnsureSuccess();

        Assert.Contains($"{endA.Name}    inet 10.5.0.1/24", addresses.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("10.5.0.2", addresses.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSocket_ListensInsideTheHost_AndAnotherHostConnects()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost server = await lab.AddHostAsync("server");
        NetworkHost client = await lab.AddHostAsync("client");
        await lab.ConnectAsync(server, "10.6.0.1/24", client, "10.6.0.2/24");
        using Socket listener = server.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("10.6.0.1"), 0)); // only exists inside the server's namespace
        listener.Listen();
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using Socket outgoing = client.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Task connect = outgoing.ConnectAsync(endpoint, timeout.Token).AsTask();
        using Socket incoming = await listener.AcceptAsync(timeout.Token);
        await connect;
        await outgoing.SendAsync(Encoding.ASCII.GetBytes("hello"), timeout.Token);
        byte[] buffer = new byte[5];
        int read = await incoming.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(IPAddress.Parse("10.6.0.2"), ((IPEndPoint)incoming.RemoteEndPoint!).Address);
    }

    [Fact]
    public async Task TcpTransfer_OverALink_DeliversEveryByteIntact()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost server = await lab.AddHostAsync("server");
        NetworkHost client = await lab.AddHostAsync("client");
        await lab.ConnectAsync(server, "10.7.0.1/24", client, "10.7.0.2/24");

        TcpTransferResult result = await TcpTransfer.RunAsync(server, IPAddress.Parse("10.7.0.1"), client, 3_000_001, TimeSpan.FromSeconds(30));

        Assert.Equal(3_000_001, result.BytesReceived);
        Assert.True(result.Intact);
    }

    [Fact]
    public async Task Dispose_StopsProcessesAndRemovesNamespaces()
    {
        NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost a = await lab.AddHostAsync("a");
        HostProcess server = a.Start(["iperf3", "-s", "--forceflush"]);
        await server.WaitForOutputAsync(l => l.Contains("Server listening", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        // A process the lab did not start itself, as when the code under test launches one in the namespace.
        using var stray = System.Diagnostics.Process.Start("ip", ["netns", "exec", a.Namespace, "sleep", "60"]);

        await lab.DisposeAsync();

        Assert.True(server.HasExited);
        Assert.True(stray.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.False(File.Exists(Path.Combine("/var/run/netns", a.Namespace)));
    }

    [Fact]
    public async Task Create_RemovesLeftoversOfDeadOwners_AndKeepsThoseOfLiveOnes()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        int deadPid = await DeadPidAsync();
        string leftover = $"{NetworkLab.NamespacePrefix}{deadPid}-1-crashed";
        string alive = $"{NetworkLab.NamespacePrefix}1-1-alive"; // PID 1 never dies
        try
        {
            await ShellCommand.RunCheckedAsync(["ip", "netns", "add", leftover]);
            await ShellCommand.RunCheckedAsync(["ip", "netns", "add", alive]);
            // What a crashed run leaves running in its namespace (a wireguard-go, an iperf3) keeps it alive.
            using var orphan = System.Diagnostics.Process.Start("ip", ["netns", "exec", leftover, "sleep", "60"]);
            using var neighbour = System.Diagnostics.Process.Start("ip", ["netns", "exec", alive, "sleep", "60"]);
            await WaitUntilInsideAsync(leftover, orphan.Id);
            await WaitUntilInsideAsync(alive, neighbour.Id);

            await NamespaceJanitor.RemoveLeftoversAsync(createdBefore: DateTime.MaxValue, CancellationToken.None);

            Assert.False(File.Exists(Path.Combine("/var/run/netns", leftover)));
            Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(5)));
            Assert.True(File.Exists(Path.Combine("/var/run/netns", alive)));
            Assert.False(neighbour.HasExited);
        }
        finally
        {
            await NamespaceJanitor.RemoveAsync(leftover, CancellationToken.None);
            await NamespaceJanitor.RemoveAsync(alive, CancellationToken.None);
        }
    }

    [Fact]
    public async Task NewInterfaceName_IsShortAndUnique()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        await using NetworkLab other = await NetworkLab.CreateAsync();

        string[] names = [lab.NewInterfaceName(), lab.NewInterfaceName(), other.NewInterfaceName("wgsrv")];

        Assert.All(names, n => Assert.InRange(n.Length, 1, 15));
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public async Task WaitForOutput_OfAProcessThatExits_FailsWithItsOutput()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost a = await lab.AddHostAsync("a");
        HostProcess process = a.Start(["ip", "link", "show", "nosuchlink"]);

        NetworkLabException error = await Assert.ThrowsAsync<NetworkLabException>(
            () => process.WaitForOutputAsync(l => l.Contains("never", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));

        Assert.Contains("nosuchlink", error.Message, StringComparison.Ordinal);
    }

    /// <summary>ip netns exec has switched namespaces and exec'd the command once the PID is listed in the namespace.</summary>
    private static async Task WaitUntilInsideAsync(string namespaceName, int pid)
    {
        long deadline = Environment.TickCount64 + 5_000;
        while (!(await ShellCommand.RunCheckedAsync(["ip", "netns", "pids", namespaceName])).StandardOutput
                   .Split('\n', StringSplitOptions.TrimEntries).Contains(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            Assert.True(Environment.TickCount64 < deadline, $"pid {pid} never entered {namespaceName}");
            await Task.Delay(20);
        }
    }

    private static async Task<int> DeadPidAsync()
    {
        using var process = System.Diagnostics.Process.Start("true");
        await process.WaitForExitAsync();
        return process.Id;
    }
}
