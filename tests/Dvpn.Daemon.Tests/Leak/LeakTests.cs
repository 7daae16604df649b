using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Leak;
using Google.Protobuf.WellKnownTypes;
using Xunit.Abstractions;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Leak;

/// <summary>
/// The leak test of issue 8: continuous TCP, UDP and DNS from the client host while dvpnd connects, is connected,
/// fails over, is SIGKILLed and restarted, and hits a spend cap; in none of those phases may a packet of no allowed
/// kind cross the client's uplink, and traffic must resume through the tunnel after each. Then an explicit disconnect
/// removes the rules completely, lockdown blocks again, and allow-LAN opens the LAN only.
/// </summary>
[Collection(LeakLabFixture.CollectionName)]
public sealed class LeakTests(LeakLabFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TableTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectedWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BlockedWindow = TimeSpan.FromSeconds(3);

    private LeakLab Lab => fixture.Lab;

    private TrafficGenerator Traffic => fixture.Traffic;

    [Fact]
    public async Task KillSwitch_ConnectConnectedFailoverCrashRestartSpendCap_NothingLeaks_TrafficResumes_DisconnectRemovesRules_LockdownAndAllowLan()
    {
        await fixture.ResetClientAsync();
        var phases = new LeakPhases(fixture, output);
        var deferred = new List<string>(); // checks that do not stop the phases after them; asserted at the end
        LeakAccount account = await Lab.CreateAccountAsync();
        DaemonSettings settings = Lab.CreateDaemonSettings(Lab.CreateClientOptions(account, LeakLabFixture.Region));
        LeakDaemon daemon = await LeakDaemon.StartAsync(Lab, settings);
        try
        {
            // 1. Connecting: the blocking table is in place before the baseline, with nothing of ours in flight.
            await Traffic.PauseAsync();
            Task<V1.ConnectResponse> connect = daemon.Control.Tunnel.ConnectAsync(
                new V1.ConnectRequest(), deadline: Deadline.In(ConnectTimeout)).ResponseAsync;
            bool tableUp = await LeakDaemon.WaitForKillSwitchAsync(Lab.Client, installed: true, TableTimeout);
            output.WriteLine($"kill switch table installed after Connect: {tableUp}");
            LeakPhases.Phase connecting = await phases.BeginAsync("connecting");
            Traffic.Resume();
            V1.ConnectResponse connected = await connect;
            Assert.Equal(V1.TunnelState.StateOneofCase.Connected, connected.State.StateCase);
            phases.AssertNoLeak(await phases.EndAsync(connecting));
            V1.SessionInfo session = connected.State.Connected.Session;
            output.WriteLine($"connected to {connected.State.Connected.Provider.Address}: addresses {string.Join(", ", session.Addresses)}, dns {string.Join(", ", session.Dns)}");

            // 2. Connected: everything through the tunnel; DNS only to the assigned resolver; IPv6 as granted.
            await Traffic.WaitForSuccessAsync("tcp4", connecting.Began, ResumeTimeout);
            await CheckResolvConfAsync(LeakLab.AssignedResolver, "while connected (the DNS manager points it at the assigned resolver)", deferred);
            long ispQueries = Lab.Isp.Queries;
            LeakPhases.Phase steady = await phases.BeginAsync("connected");
            await Task.Delay(ConnectedWindow); // a measurement window: traffic runs, nothing is awaited
            LeakPhases.PhaseResult steadyResult = await phases.EndAsync(steady);
            phases.AssertNoLeak(steadyResult);
            Assert.True(Traffic.Successes("tcp4", steady.Began, steadyResult.End) > 0, Traffic.Summary(steady.Began, steadyResult.End));
            Assert.True(Traffic.Successes("udp4", steady.Began, steadyResult.End) > 0, Traffic.Summary(steady.Began, steadyResult.End));
            Assert.True(Traffic.Successes("dns-assigned", steady.Began, steadyResult.End) > 0, Traffic.Summary(steady.Began, steadyResult.End));
            Assert.Equal(0, Traffic.Successes("dns-isp", steady.Began, steadyResult.End));
            Assert.Equal(ispQueries, Lab.Isp.Queries);
            bool grantedIPv6 = session.Addresses.Any(a => a.Contains(':', StringComparison.Ordinal));
            int tcp6 = Traffic.Successes("tcp6", steady.Began, steadyResult.End);
            Assert.True(grantedIPv6 ? tcp6 > 0 : tcp6 == 0, $"IPv6 granted: {grantedIPv6}; {Traffic.Summary(steady.Began, steadyResult.End)}");

            // 3. Failover: the provider dies; the client moves to another; blocked meanwhile.
            string first = connected.State.Connected.Provider.Address;
            LabProvider victim = fixture.Providers.Single(p => string.Equals(p.Address.ToString(), first, StringComparison.OrdinalIgnoreCase));
            LeakPhases.Phase failover = await phases.BeginAsync("failover");
            await victim.KillAsync();
            DateTimeOffset killed = TimeProvider.System.GetUtcNow(); // its process and wireguard-go are gone: the old path is dead
            V1.TunnelState second = await daemon.WaitForConnectedAsync(ConnectTimeout, notProvider: first);
            DateTimeOffset resumed = await Traffic.WaitForSuccessAsync("tcp4", killed, ResumeTimeout);
            phases.AssertNoLeak(await phases.EndAsync(failover));
            DateTimeOffset? lastBefore = Traffic.LastSuccessBefore("tcp4", killed);
            output.WriteLine($"failover {first} -> {second.Connected.Provider.Address}: tcp4 blocked for " +
                $"{(resumed - (lastBefore ?? killed)).TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s (last success before the provider was dead to the first success after; " +
                $"{(resumed - killed).TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s from its death)");

            // 4. dvpnd SIGKILL: its table stays and blocks with no daemon at all; a restart reconnects by itself.
            LeakPhases.Phase crash = await phases.BeginAsync("dvpnd killed, no daemon");
            Assert.Equal(137, await daemon.Process.KillAsync());
            await daemon.DisposeAsync();
            await Lab.Client.KillAllProcessesAsync(); // its wireguard-go, as systemd kills a crashed unit's cgroup
            DateTimeOffset orphaned = TimeProvider.System.GetUtcNow();
            await Task.Delay(BlockedWindow); // a measurement window with no daemon
            LeakPhases.PhaseResult crashResult = await phases.EndAsync(crash);
            phases.AssertNoLeak(crashResult);
            Assert.Equal(0, Traffic.Successes("tcp4", orphaned, crashResult.End));

            LeakPhases.Phase restart = await phases.BeginAsync("dvpnd restarted");
            daemon = await LeakDaemon.StartAsync(Lab, settings);
            await daemon.WaitForConnectedAsync(ConnectTimeout);
            await Traffic.WaitForSuccessAsync("tcp4", restart.Began, ResumeTimeout);
            phases.AssertNoLeak(await phases.EndAsync(restart));
            Assert.Equal(V1.TargetState.Secured, (await daemon.GetStateAsync()).Target);

            // 5. Spend cap with Block: the session ends at the cap and nothing leaks; lifting it resumes traffic.
            await SpendCapPhaseAsync(daemon, phases);

            // 6. Explicit disconnect, lockdown off: the table goes completely and the internet is reached directly.
            LeakPhases.Phase disconnect = await phases.BeginAsync("disconnected (kill switch off by design)");
            await daemon.Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest { Reason = "leak test" });
            Assert.True(await LeakDaemon.WaitForKillSwitchAsync(Lab.Client, installed: false, TableTimeout), "the kill switch table outlived an explicit disconnect");
            DateTimeOffset open = TimeProvider.System.GetUtcNow();
            await Traffic.WaitForSuccessAsync("tcp4", open, ResumeTimeout);
            await CheckResolvConfAsync(LeakLab.IspResolver, "after the disconnect (the previous file restored)", deferred);
            LeakPhases.PhaseResult disconnectResult = await phases.EndAsync(disconnect);
            Assert.True(disconnectResult.Counts.OtherFromClient > 0, "with no rules the generator's traffic must show as 'other'");

            // 7. Lockdown while disconnected blocks again; allow-LAN opens the LAN, never the internet.
            await LockdownPhaseAsync(daemon, phases);
            Assert.True(deferred.Count == 0, string.Join('\n', deferred));
        }
        finally
        {
            await daemon.DisposeAsync();
        }
    }

    private async Task SpendCapPhaseAsync(LeakDaemon daemon, LeakPhases phases)
    {
        V1.SpendPolicy original = await daemon.Control.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest());
        V1.SpendSummary summary = await daemon.Control.Spending.GetSpendSummaryAsync(new V1.GetSpendSummaryRequest());
        BigInteger spent = BigInteger.Parse(summary.CurrentSession, CultureInfo.InvariantCulture);
        V1.SpendPolicy capped = original.Clone();
        capped.PerSession = (spent + 1).ToString(CultureInfo.InvariantCulture);
        capped.Action = V1.SpendCapAction.Block;

        LeakPhases.Phase cap = await phases.BeginAsync("spend cap");
        await daemon.Control.Spending.SetSpendPolicyAsync(capped);
        using var stopPush = new CancellationTokenSource();
        Task push = PushAsync(stopPush.Token);
        V1.TunnelState blocked;
        try
        {
            blocked = await daemon.WaitForStateAsync(
                s => s.StateCase == V1.TunnelState.StateOneofCase.Error && s.Error.Cause == V1.ErrorReason.SpendLimitReached,
                ConnectTimeout, "Error(SPEND_LIMIT_REACHED)");
        }
        finally
        {
            await stopPush.CancelAsync();
            await push;
        }

        Assert.True(blocked.Error.Blocking, $"{blocked}");
        DateTimeOffset atCap = TimeProvider.System.GetUtcNow();
        await Task.Delay(BlockedWindow); // a measurement window at the cap
        // A margin for an attempt that began while the session was being closed (still through the tunnel, no leak).
        Assert.Equal(0, Traffic.Successes("tcp4", atCap.AddSeconds(1), null));

        await daemon.Control.Spending.SetSpendPolicyAsync(original);
        DateTimeOffset lifted = TimeProvider.System.GetUtcNow();
        await daemon.WaitForConnectedAsync(ConnectTimeout);
        await Traffic.WaitForSuccessAsync("tcp4", lifted, ResumeTimeout);
        phases.AssertNoLeak(await phases.EndAsync(cap));
    }

    private async Task LockdownPhaseAsync(LeakDaemon daemon, LeakPhases phases)
    {
        try
        {
            await Traffic.PauseAsync();
            await UpdateSecurityAsync(daemon, lockdown: true, allowLan: false, "security.lockdown");
            bool tableUp = await LeakDaemon.WaitForKillSwitchAsync(Lab.Client, installed: true, TableTimeout);
            LeakPhases.Phase lockdown = await phases.BeginAsync("lockdown, disconnected");
            Traffic.Resume();
            Assert.True(tableUp, "lockdown did not install the kill switch table");
            Assert.False(await Lab.CanReachLanHostAsync(TimeSpan.FromSeconds(1)), "the LAN host is reachable in lockdown without allow-LAN");
            await Task.Delay(BlockedWindow); // a measurement window in lockdown
            LeakPhases.PhaseResult result = await phases.EndAsync(lockdown);
            phases.AssertNoLeak(result);
            Assert.Equal(0, Traffic.Successes("tcp4", lockdown.Began, result.End));

            await UpdateSecurityAsync(daemon, lockdown: true, allowLan: true, "security.allow_lan");
            Assert.True(await WaitAsync(() => Lab.CanReachLanHostAsync(TimeSpan.FromSeconds(1)), TableTimeout), "allow-LAN did not open the LAN host");
            Assert.False(await Lab.CanReachInternetAsync(TimeSpan.FromSeconds(1)), "allow-LAN opened the internet");
        }
        finally
        {
            Traffic.Resume();
            await UpdateSecurityAsync(daemon, lockdown: false, allowLan: false, "security.lockdown", "security.allow_lan");
        }

        Assert.True(await LeakDaemon.WaitForKillSwitchAsync(Lab.Client, installed: false, TableTimeout), "the table outlived lockdown off while disconnected");
    }

    private static async Task UpdateSecurityAsync(LeakDaemon daemon, bool lockdown, bool allowLan, params string[] paths)
    {
        var request = new V1.UpdateSettingsRequest
        {
            Settings = new V1.Settings { Security = new V1.SecuritySettings { Lockdown = lockdown, AllowLan = allowLan } },
            UpdateMask = new FieldMask(),
        };
        request.UpdateMask.Paths.AddRange(paths);
        await daemon.Control.Settings.UpdateSettingsAsync(request, deadline: Deadline.In(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Bulk TCP from the client host to the discard service (through the tunnel while there is one) until cancelled.</summary>
    private async Task PushAsync(CancellationToken stop)
    {
        byte[] chunk = new byte[64 * 1024];
        var discard = new IPEndPoint(LeakLab.InternetService, LeakLab.DiscardPort);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using Socket socket = Lab.Client.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                await socket.ConnectAsync(discard, attempt.Token);
                while (true)
                {
                    await socket.SendAsync(chunk, SocketFlags.None, attempt.Token);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                }
            }
        }
    }

    /// <summary>Waits a moment for the client host's resolv.conf to name <paramref name="server"/>; a miss is added to <paramref name="failures"/>.</summary>
    private async Task CheckResolvConfAsync(IPAddress server, string when, List<string> failures)
    {
        string expected = $"nameserver {server}";
        bool seen = await WaitAsync(
            async () => (await File.ReadAllTextAsync(Lab.ResolvConfPath)).Split('\n').Any(l => l.Trim() == expected), TableTimeout);
        output.WriteLine($"resolv.conf {when}: {(seen ? "as expected" : "WRONG")}");
        if (!seen)
        {
            failures.Add($"{Lab.ResolvConfPath} should name {server} {when}; it holds:\n{await File.ReadAllTextAsync(Lab.ResolvConfPath)}");
        }
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
