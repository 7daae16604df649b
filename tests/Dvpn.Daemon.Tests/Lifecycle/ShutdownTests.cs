using Dvpn.Control;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;
using Grpc.Net.Client;

namespace Dvpn.Daemon.Tests.Lifecycle;

/// <summary>SIGTERM (systemctl stop) with a client watching: the daemon ends its streams and exits promptly.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class ShutdownTests(DaemonLabFixture fixture)
{
    [Fact]
    public async Task Sigterm_WithAnOpenEventStream_ExitsCleanlyWithin10Seconds()
    {
        DaemonAccount account = await fixture.CreateAccountAsync();
        await using DaemonProcess daemon = await fixture.StartDaemonAsync(account);
        using GrpcChannel channel = ControlChannel.ForUnixSocket(daemon.SocketPath);
        await using EventWatch watch = await EventWatch.StartAsync(new ControlClients(channel).Events, TimeSpan.FromSeconds(30));

        // A tray app keeps WatchEvents open for good; stopping must not wait for it to hang up.
        Assert.Equal(0, await daemon.StopAsync(TimeSpan.FromSeconds(10)));
    }
}
