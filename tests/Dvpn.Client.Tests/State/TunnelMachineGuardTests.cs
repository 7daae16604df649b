using Dvpn.Client.Events;
using Dvpn.Client.Firewall;
using Dvpn.Client.Options;
using Dvpn.Client.Payments;
using Dvpn.Client.Sessions;
using Dvpn.Client.State;
using Dvpn.Client.Tests.Firewall.Support;

namespace Dvpn.Client.Tests.State;

/// <summary>
/// When the state machine tells the kill switch what (DESIGN §6, fail closed): blocking before the first packet of an
/// attempt, the chosen provider before its session, release only on an explicit disconnect, blocking kept across a
/// stop while secured, and an attempt that never goes on unprotected when the kill switch cannot be installed.
/// </summary>
public sealed class TunnelMachineGuardTests
{
    private const string A = "0x1111111111111111111111111111111111111111";
    private const string B = "0x2222222222222222222222222222222222222222";

    [Fact]
    public async Task Connect_BlocksBeforeSelecting_ThenAllowsOnlyTheChosenProvider_AndDisconnectReleases()
    {
        var guard = new RecordingGuard();
        await using MachineHarness h = await WithGuardAsync(guard, A);

        await h.Machine.ConnectAsync(null, CancellationToken.None);
        await h.Machine.DisconnectAsync(CancellationToken.None);

        Assert.Equal(["release", "block *", $"block {A}", "release"], Calls(guard));
        Assert.Equal(FirewallMode.Off, guard.Status.Mode);
    }

    [Fact]
    public async Task Failover_BlocksBetweenTheSessions_AndNeverReleases()
    {
        var guard = new RecordingGuard();
        await using MachineHarness h = await WithGuardAsync(guard, A, B);
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        Assert.Single(h.Sessions.Opened).End(new SessionEnd(SessionEndKind.ProviderEnded, "gone", ProviderFailureReason.StoppedAnswering));
        await h.WaitForStateAsync<Connected>(c => c.Provider.Address.Equals(B, StringComparison.OrdinalIgnoreCase));

        string[] calls = Calls(guard);
        Assert.Equal(["release", "block *", $"block {A}", "block *", "block *", $"block {B}"], calls);
    }

    [Fact]
    public async Task Start_WithASecuredTargetFromTheLastRun_BlocksBeforeAnySessionIsAttempted()
    {
        var guard = new RecordingGuard();
        await using MachineHarness h = await WithGuardAsync(guard, A);
        h.Store.SetTarget(TargetState.Secured);
        h.Sessions.OnConnect(A, () =>
        {
            Assert.Equal("block *", guard.Calls.First()); // the first thing the restarted machine did
            return null;
        });
        await h.RestartAsync();
        guard.Calls.Clear();
        await h.Machine.InitializeAsync();
        await h.WaitForStateAsync<Connected>();

        Assert.Equal(["block *", "block *", $"block {A}"], Calls(guard));
    }

    [Fact]
    public async Task KillSwitchRefused_TheAttemptStopsInAnErrorState_WithoutOpeningASession()
    {
        var guard = new RecordingGuard { RefuseBlock = true };
        await using MachineHarness h = await WithGuardAsync(guard, A);

        Task<Connected> connect = h.Machine.ConnectAsync(null, CancellationToken.None);
        TunnelStateChanged error = await h.WaitForStateAsync<ErrorState>();

        Assert.Equal(ErrorCause.TunnelSetupFailed, ((ErrorState)error.State).Cause);
        Assert.True(((ErrorState)error.State).Blocking);
        Assert.Contains("kill switch", ((ErrorState)error.State).Detail, StringComparison.Ordinal);
        Assert.Empty(h.Sessions.Attempts);
        await Assert.ThrowsAsync<DvpnClientException>(() => connect);
    }

    [Fact]
    public async Task Dispose_WhileSecured_KeepsBlocking_WhileUnsecured_Drops()
    {
        var guard = new RecordingGuard();
        await using MachineHarness h = await WithGuardAsync(guard, A);
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        await h.RestartAsync();
        Assert.Contains("shutdown keep", guard.Calls);

        await h.Machine.InitializeAsync();
        await h.WaitForStateAsync<Connected>();
        await h.Machine.DisconnectAsync(CancellationToken.None);
        guard.Calls.Clear();
        await h.RestartAsync();
        Assert.Equal(["shutdown drop"], Calls(guard));
    }

    [Fact]
    public async Task CapReachedWithTheDisconnectAction_Releases()
    {
        var guard = new RecordingGuard();
        await using MachineHarness h = await WithGuardAsync(guard, A);
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        await h.WaitForStateAsync<Connected>();
        ScriptedSession session = Assert.Single(h.Sessions.Opened);

        session.End(new SessionEnd(SessionEndKind.CapReached, "cap", Payment: new PaymentEnd.CapReached(SpendCap.Session, 90, 100)));
        await h.WaitForStateAsync<Disconnected>();
        await h.AdvanceUntilAsync(WaitDisposedAsync(session), TimeSpan.FromMilliseconds(1));

        Assert.Equal("release", Calls(guard)[^1]); // not blocked again after the session ended
        Assert.Equal(FirewallMode.Off, guard.Status.Mode);
    }

    [Fact]
    public async Task CapReachedWithTheBlockAction_KeepsBlocking()
    {
        var guard = new RecordingGuard();
        await using MachineHarness h = await WithGuardAsync(guard, A);
        h.Policy = h.Policy with { Action = SpendCapAction.Block };
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        Assert.Single(h.Sessions.Opened).End(new SessionEnd(SessionEndKind.CapReached, "cap", Payment: new PaymentEnd.CapReached(SpendCap.Day, 90, 100)));
        await h.WaitForStateAsync<ErrorState>(e => e.Cause == ErrorCause.SpendLimitReached);

        Assert.Equal("block *", Calls(guard)[^1]);
        Assert.Equal(FirewallMode.Blocking, guard.Status.Mode);
    }

    [Fact]
    public async Task LockdownTurnedOnWhileDisconnected_RefreshesAndTheStateSaysLockedDown()
    {
        var guard = new RecordingGuard();
        await using MachineHarness h = await WithGuardAsync(guard, A);

        guard.Lockdown = true;
        await h.Machine.OnFirewallSettingsChangedAsync(CancellationToken.None);

        Assert.Equal("refresh", Calls(guard)[^1]);
        TunnelStateChanged state = await h.WaitForStateAsync<Disconnected>(d => d.LockedDown);
        Assert.Equal(TargetState.Unsecured, state.Target);
    }

    private static async Task<MachineHarness> WithGuardAsync(RecordingGuard guard, params string[] providers)
    {
        var h = new MachineHarness(providers) { Guard = guard };
        await h.RestartAsync();
        await h.Machine.InitializeAsync();
        return h;
    }

    private static string[] Calls(RecordingGuard guard) => [.. guard.Calls];

    private static async Task<bool> WaitDisposedAsync(ScriptedSession session)
    {
        while (!session.Disposed)
        {
            await Task.Delay(5);
        }

        return true;
    }
}
