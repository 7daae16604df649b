using System.Net;
using System.Net.Sockets;
using Dvpn.Client.Networking;
using Dvpn.Client.Selection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Client.Tests.Selection;

/// <summary>Real TCP on loopback: one port with a listener, one with none (refused at once, so no timeout is waited for).</summary>
public sealed class TcpLatencyProbeTests
{
    private static TcpLatencyProbe Probe() =>
        new(new ClientNetwork(null), TimeSpan.FromSeconds(10), TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task Probe_PortWithAListener_ReturnsTheConnectTime()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        TimeSpan? latency = await Probe().ProbeAsync(new Uri($"https://127.0.0.1:{port}"), CancellationToken.None);

        Assert.NotNull(latency);
        Assert.True(latency >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Probe_PortWithNoListener_ReturnsNull()
    {
        int port = ClosedPort();

        TimeSpan? latency = await Probe().ProbeAsync(new Uri($"https://127.0.0.1:{port}"), CancellationToken.None);

        Assert.Null(latency);
    }

    [Fact]
    public async Task Probe_IPv6LiteralHost_IsConnectedWithoutBrackets()
    {
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        TimeSpan? latency = await Probe().ProbeAsync(new Uri($"https://[::1]:{port}"), CancellationToken.None);

        Assert.NotNull(latency);
    }

    [Fact]
    public async Task Probe_CallerCancels_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Probe().ProbeAsync(new Uri("https://127.0.0.1:1"), cts.Token));
    }

    /// <summary>A port that was just bound and released: nothing listens on it.</summary>
    internal static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
