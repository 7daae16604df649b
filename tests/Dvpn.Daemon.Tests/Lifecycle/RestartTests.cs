using Dvpn.Control;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;
using Grpc.Net.Client;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Lifecycle;

/// <summary>The persisted target state across a crash: dvpnd SIGKILLed and started again on the same data directory.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class RestartTests(DaemonLabFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ConnectedDaemon_KilledAndRestarted_ReconnectsByItself_ExplicitDisconnect_KilledAndRestarted_StaysDisconnected()
    {
        // The shared daemon must not hold the client namespace's routes meanwhile.
        await fixture.Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest());
        DaemonAccount account = await fixture.CreateAccountAsync();
        DaemonSettings settings = DaemonLabFixture.CreateSettings(account);

        // 1. Connect through the API, then SIGKILL.
        await using (DaemonProcess daemon = await fixture.StartDaemonAsync(settings))
        {
            using GrpcChannel channel = ControlChannel.ForUnixSocket(daemon.SocketPath);
            var control = new ControlClients(channel);
            await control.Tunnel.ConnectAsync(new V1.ConnectRequest(), deadline: Deadline.In(Timeout));
            await fixture.Lab.WaitForInternetAsync(Timeout);
            Assert.Equal(137, await daemon.KillAsync());
        }

        await fixture.CleanUpAfterCrashAsync();
        Assert.False(await fixture.Lab.CanReachInternetAsync(TimeSpan.FromSeconds(1)), "the tunnel outlived its daemon");

        // 2. Restart: it goes back to Connected by itself, and traffic flows.
        await using (DaemonProcess daemon = await fixture.StartDaemonAsync(settings))
        {
            using GrpcChannel channel = ControlChannel.ForUnixSocket(daemon.SocketPath);
            var control = new ControlClients(channel);
            await using EventWatch watch = await EventWatch.StartAsync(control.Events, Timeout);
            V1.Event connected = await watch.WaitForAsync(
                e => (e.Snapshot?.State ?? e.TunnelStateChanged?.State)?.StateCase == V1.TunnelState.StateOneofCase.Connected, Timeout, "Connected after the restart");
            V1.GetTunnelStateResponse state = await control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest());
            Assert.Equal(V1.TargetState.Secured, state.Target);
            Assert.Equal(V1.TunnelState.StateOneofCase.Connected, state.State.StateCase);
            await fixture.Lab.WaitForInternetAsync(Timeout);

            // 3. An explicit disconnect, then SIGKILL again.
            await control.Tunnel.DisconnectAsync(new V1.DisconnectRequest { Reason = "user" });
            Assert.Equal(137, await daemon.KillAsync());
        }

        await fixture.CleanUpAfterCrashAsync();

        // 4. Restart: it stays disconnected.
        await using (DaemonProcess daemon = await fixture.StartDaemonAsync(settings))
        {
            using GrpcChannel channel = ControlChannel.ForUnixSocket(daemon.SocketPath);
            var control = new ControlClients(channel);
            IReadOnlyList<V1.Event> events;
            await using (EventWatch watch = await EventWatch.StartAsync(control.Events, Timeout))
            {
                await Task.Delay(TimeSpan.FromSeconds(3)); // a window in which a wrong auto-connect would start
                events = watch.Events;
            }

            V1.GetTunnelStateResponse state = await control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest());
            Assert.Equal(V1.TargetState.Unsecured, state.Target);
            Assert.Equal(V1.TunnelState.StateOneofCase.Disconnected, state.State.StateCase);
            Assert.DoesNotContain(events, e => e.TunnelStateChanged?.State.StateCase is V1.TunnelState.StateOneofCase.Connecting);
            Assert.Equal(0, await daemon.StopAsync());
        }
    }
}
