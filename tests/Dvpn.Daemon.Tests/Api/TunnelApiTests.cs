using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>TunnelService on the real daemon: connect, traffic, state, reconnect, disconnect.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class TunnelApiTests(DaemonLabFixture fixture)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(30);
    private const long TransferBytes = 1024 * 1024;

    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task Connect_ReachesConnected_CarriesTraffic_Reconnect_GivesANewSession_Disconnect_StaysDisconnected()
    {
        var selection = new V1.ProviderSelection { Regions = { DaemonLabFixture.Region } };
        try
        {
            // Connect: answered once Connected, with one of the lab's providers and a session.
            V1.ConnectResponse connected = await Control.Tunnel.ConnectAsync(new V1.ConnectRequest { Selection = selection },
                deadline: Deadline.In(ConnectTimeout));
            Assert.Equal(V1.TunnelState.StateOneofCase.Connected, connected.State.StateCase);
            Assert.Contains(fixture.Providers, p => Same(p, connected.State.Connected.Provider.Address));
            string firstSession = connected.State.Connected.Session.SessionId;
            Assert.False(string.IsNullOrEmpty(firstSession));

            V1.GetTunnelStateResponse state = await Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest());
            Assert.Equal(V1.TunnelState.StateOneofCase.Connected, state.State.StateCase);
            Assert.Equal(V1.TargetState.Secured, state.Target);
            Assert.Equal(firstSession, state.State.Connected.Session.SessionId);

            // Traffic: the client namespace reaches the internet host only through the tunnel.
            TcpTransferResult transfer = await fixture.Lab.TransferToInternetAsync(TransferBytes, TransferTimeout);
            Assert.True(transfer.Intact, $"{transfer}");

            // Reconnect: a new session, still connected, still secured.
            V1.ConnectResponse reconnected = await Control.Tunnel.ReconnectAsync(new V1.ReconnectRequest(), deadline: Deadline.In(ConnectTimeout));
            Assert.Equal(V1.TunnelState.StateOneofCase.Connected, reconnected.State.StateCase);
            Assert.NotEqual(firstSession, reconnected.State.Connected.Session.SessionId);
            await fixture.Lab.WaitForInternetAsync(TransferTimeout);

            // Disconnect: disconnected, target unsecured, the internet unreachable.
            V1.DisconnectResponse disconnected = await Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest { Reason = "test" });
            Assert.Equal(V1.TunnelState.StateOneofCase.Disconnected, disconnected.State.StateCase);
            state = await Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest());
            Assert.Equal(V1.TunnelState.StateOneofCase.Disconnected, state.State.StateCase);
            Assert.Equal(V1.TargetState.Unsecured, state.Target);
            Assert.False(await fixture.Lab.CanReachInternetAsync(TimeSpan.FromSeconds(1)));
        }
        finally
        {
            await Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest());
        }
    }

    private static bool Same(LabProvider provider, string address) =>
        string.Equals(provider.Address.ToString(), address, StringComparison.OrdinalIgnoreCase);
}
