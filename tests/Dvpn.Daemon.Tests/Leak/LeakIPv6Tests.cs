using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Leak;
using Xunit.Abstractions;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Leak;

/// <summary>IPv6 when the provider offers it: tunnelled, and still nothing of no allowed kind on the uplink.</summary>
[Collection(LeakLabFixture.CollectionName)]
public sealed class LeakIPv6Tests(LeakLabFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task KillSwitch_ProviderGrantsIPv6_IPv6GoesThroughTheTunnel_NothingLeaks()
    {
        await fixture.ResetClientAsync();
        var phases = new LeakPhases(fixture, output);
        LeakAccount account = await fixture.Lab.CreateAccountAsync();
        DaemonSettings settings = fixture.Lab.CreateDaemonSettings(fixture.Lab.CreateClientOptions(account, LeakLabFixture.IPv6Region));
        await using LeakDaemon daemon = await LeakDaemon.StartAsync(fixture.Lab, settings);
        TrafficGenerator traffic = fixture.Traffic;
        try
        {
            await traffic.PauseAsync();
            Task<V1.ConnectResponse> connect = daemon.Control.Tunnel.ConnectAsync(new V1.ConnectRequest(), deadline: Deadline.In(ConnectTimeout)).ResponseAsync;
            await LeakDaemon.WaitForKillSwitchAsync(fixture.Lab.Client, installed: true, TimeSpan.FromSeconds(5));
            LeakPhases.Phase phase = await phases.BeginAsync("connecting and connected, IPv6 granted");
            traffic.Resume();
            V1.ConnectResponse connected = await connect;
            Assert.Contains(connected.State.Connected.Session.Addresses, a => a.Contains(':', StringComparison.Ordinal));
            await traffic.WaitForSuccessAsync("tcp6", phase.Began, ResumeTimeout);
            DateTimeOffset steady = TimeProvider.System.GetUtcNow();
            await Task.Delay(Window); // a measurement window
            LeakPhases.PhaseResult result = await phases.EndAsync(phase);
            phases.AssertNoLeak(result);
            Assert.True(traffic.Successes("tcp6", steady, result.End) > 0, traffic.Summary(steady, result.End));
            Assert.True(traffic.Successes("udp6", steady, result.End) > 0, traffic.Summary(steady, result.End));
            Assert.True(traffic.Successes("tcp4", steady, result.End) > 0, traffic.Summary(steady, result.End));
        }
        finally
        {
            traffic.Resume();
            await daemon.Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest());
        }
    }
}
