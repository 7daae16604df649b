using Dvpn.Client.Options;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Leak;
using Xunit.Abstractions;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Leak;

/// <summary>
/// Negative controls: the capture and its classification CAN see a leak. Without a kill switch the generator's
/// traffic crosses the uplink and is counted as "other", with the offending packets printed.
/// </summary>
[Collection(LeakLabFixture.CollectionName)]
public sealed class LeakNegativeControlTests(LeakLabFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Capture_NoDaemon_CountsTheGeneratorsDirectTrafficAsOther()
    {
        await fixture.ResetClientAsync();
        var phases = new LeakPhases(fixture, output);
        LeakPhases.Phase phase = await phases.BeginAsync("no daemon, no rules");
        await Task.Delay(Window); // a measurement window
        LeakPhases.PhaseResult result = await phases.EndAsync(phase);

        Assert.True(result.Counts.OtherFromClient > 0, $"{result.Counts}");
        Assert.True(fixture.Traffic.Successes("tcp4", phase.Began, result.End) > 0, fixture.Traffic.Summary(phase.Began, result.End));
        Assert.True(fixture.Traffic.Successes("dns-isp", phase.Began, result.End) > 0, fixture.Traffic.Summary(phase.Began, result.End));
        IReadOnlyList<PacketLine> offending = fixture.Capture.OffendingPackets(phase.Began, result.End, limit: 1000);
        Assert.Contains(offending, p => p.Text.Contains($"> {LeakLab.InternetService}.{LeakLab.ServicePort}:", StringComparison.Ordinal));
        Assert.Contains(offending, p => p.Text.Contains($"> {LeakLab.IspResolver}.53:", StringComparison.Ordinal));
        Assert.Contains(offending, p => p.Text.Contains($"> {LeakLab.InternetServiceV6}.{LeakLab.ServicePort}:", StringComparison.Ordinal));
        Assert.Equal(0, result.Counts.Ingress.Where(kv => kv.Key.StartsWith("wg_", StringComparison.Ordinal)).Sum(kv => kv.Value));
    }

    [Fact]
    public async Task KillSwitchOff_ConnectedAndReconnecting_TheCaptureSeesTheLeak()
    {
        await fixture.ResetClientAsync();
        var phases = new LeakPhases(fixture, output);
        LeakAccount account = await fixture.Lab.CreateAccountAsync();
        DvpnClientOptions options = fixture.Lab.CreateClientOptions(account, LeakLabFixture.Region);
        options.Firewall.KillSwitch = false;
        DaemonSettings settings = fixture.Lab.CreateDaemonSettings(options);
        await using LeakDaemon daemon = await LeakDaemon.StartAsync(fixture.Lab, settings);
        try
        {
            await daemon.Control.Tunnel.ConnectAsync(new V1.ConnectRequest(), deadline: Deadline.In(ConnectTimeout));
            Assert.False(await LeakDaemon.KillSwitchInstalledAsync(fixture.Lab.Client), "Firewall:KillSwitch=false still installed the table");

            // Connected without a kill switch: whatever the tunnel does not route (IPv6 here, not granted) leaves directly.
            LeakPhases.Phase connected = await phases.BeginAsync("kill switch off, connected");
            await Task.Delay(Window); // a measurement window
            LeakPhases.PhaseResult connectedResult = await phases.EndAsync(connected);

            // A provider change without a kill switch: the window between the sessions leaks too.
            LeakPhases.Phase reconnect = await phases.BeginAsync("kill switch off, reconnecting");
            await daemon.Control.Tunnel.ReconnectAsync(new V1.ReconnectRequest(), deadline: Deadline.In(ConnectTimeout));
            LeakPhases.PhaseResult reconnectResult = await phases.EndAsync(reconnect);

            Assert.True(connectedResult.Counts.OtherFromClient + reconnectResult.Counts.OtherFromClient > 0,
                $"no leak seen with the kill switch off:\n{connectedResult.Counts}\n{reconnectResult.Counts}");
            output.WriteLine("offending packets, first 10:\n" + string.Join('\n',
                fixture.Capture.OffendingPackets(connected.Began, reconnectResult.End, limit: 10).Select(p => p.Text)));
        }
        finally
        {
            await daemon.Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest());
        }
    }
}
