using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Namespaces;
using Google.Protobuf.WellKnownTypes;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>
/// The security settings are enforced, not just stored: lockdown turned on while disconnected installs the kill
/// switch's table in the tunnel's namespace at once (real nft), capabilities and the event stream say so, and turning it
/// off removes the table completely.
/// </summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class FirewallSettingsTests(DaemonLabFixture fixture)
{
    private const string Table = "dvpn_killswitch";

    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task Lockdown_OnWhileDisconnected_InstallsTheTableAtOnce_ReportsIt_AndOffRemovesIt()
    {
        Assert.False(await TableExistsAsync(), "the shared daemon is disconnected with lockdown off: no table");
        using var watch = Control.Events.WatchEvents(new V1.WatchEventsRequest(), deadline: Deadline.In(TimeSpan.FromSeconds(60)));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None)); // the snapshot
        try
        {
            await SetAsync(lockdown: true, allowLan: true);

            Assert.True(await TableExistsAsync(), "lockdown must block now");
            V1.FirewallStatus status = (await Control.Diagnostics.GetCapabilitiesAsync(new V1.GetCapabilitiesRequest())).Firewall;
            Assert.Equal("blocking", status.Mode);
            Assert.Equal("nftables", status.Backend);
            Assert.True(status.Lockdown);
            Assert.True(status.AllowLan);
            Assert.Equal("", status.Error);
            V1.TunnelState state = (await Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest())).State;
            Assert.True(state.Disconnected.LockedDown);
            V1.FirewallChanged changed = await NextFirewallChangeAsync(watch);
            Assert.Equal("blocking", changed.Status.Mode);
        }
        finally
        {
            await SetAsync(lockdown: false, allowLan: false);
        }

        Assert.False(await TableExistsAsync(), "lockdown off while disconnected removes the table completely");
        Assert.Equal("off", (await Control.Diagnostics.GetCapabilitiesAsync(new V1.GetCapabilitiesRequest())).Firewall.Mode);
        Assert.False((await Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest())).State.Disconnected.LockedDown);
    }

    private async Task SetAsync(bool lockdown, bool allowLan)
    {
        var settings = new V1.Settings { Security = new V1.SecuritySettings { Lockdown = lockdown, AllowLan = allowLan } };
        await Control.Settings.UpdateSettingsAsync(new V1.UpdateSettingsRequest
        {
            Settings = settings,
            UpdateMask = FieldMask.FromString("security.lockdown,security.allow_lan"),
        });
    }

    private async Task<bool> TableExistsAsync()
    {
        CommandResult tables = (await fixture.Lab.Client.RunAsync(["nft", "list", "tables"])).EnsureSuccess();
        return tables.StandardOutput.Contains($"inet {Table}", StringComparison.Ordinal);
    }

    private static async Task<V1.FirewallChanged> NextFirewallChangeAsync(Grpc.Core.AsyncServerStreamingCall<V1.Event> watch)
    {
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (watch.ResponseStream.Current.KindCase == V1.Event.KindOneofCase.FirewallChanged)
            {
                return watch.ResponseStream.Current.FirewallChanged;
            }
        }

        throw new InvalidOperationException("The event stream ended without a firewall_changed event.");
    }
}
