using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Payments;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using Dvpn.Client.Sessions;
using Dvpn.Client.State;

namespace Dvpn.Client.Tests.State;

public sealed class TunnelMachineTests
{
    private const string A = "0x1111111111111111111111111111111111111111";
    private const string B = "0x2222222222222222222222222222222222222222";

    [Fact]
    public async Task Connect_GoesThroughEveryPhaseAndPersistsTheSecuredTarget()
    {
        await using var h = new MachineHarness(A);
        Connected connected = await h.Machine.ConnectAsync(null, CancellationToken.None);

        Assert.Equal(A, connected.Provider.Address, ignoreCase: true);
        Assert.Equal(TargetState.Secured, h.Store.GetTarget());
        await h.WaitForStateAsync<Connected>();
        ConnectPhase[] phases = [.. h.Seen.OfType<TunnelStateChanged>().Select(e => e.State).OfType<Connecting>().Select(c => c.Phase)];
        Assert.Equal([ConnectPhase.Selecting, ConnectPhase.Opening, ConnectPhase.Handshaking, ConnectPhase.Paying], phases);
        long[] sequence = [.. h.Seen.Select(e => e.Sequence)];
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(sequence.Length, sequence.Distinct().Count());
    }

    [Fact]
    public async Task ProviderStopsAnswering_IsMarkedAndTheMachineFailsOverToAnother()
    {
        await using var h = new MachineHarness(A, B);
        await h.Machine.ConnectAsync(null, CancellationToken.None);
        ScriptedSession first = Assert.Single(h.Sessions.Opened);

        first.End(new SessionEnd(SessionEndKind.ProviderEnded, "no invoice for 10 s", ProviderFailureReason.StoppedAnswering));

        ProviderFailed failed = await h.WaitForAsync<ProviderFailed>();
        Assert.Equal(A, failed.Provider, ignoreCase: true);
        Assert.Equal(ProviderFailureReason.StoppedAnswering, failed.Reason);
        await h.WaitForStateAsync<Disconnecting>(d => d.After == AfterDisconnect.Reconnect);
        TunnelStateChanged again = await h.WaitForStateAsync<Connected>();
        Assert.Equal(B, ((Connected)again.State).Provider.Address, ignoreCase: true);
        Assert.False(first.ClosedCleanly); // a provider that is gone is not called
        Assert.True(first.Disposed);
        ProviderMark mark = Assert.Single(h.Store.GetActiveMarks(h.Time.GetUtcNow()));
        Assert.Equal(h.Time.GetUtcNow() + h.Selection.FailurePenalty, mark.Until);
    }

    [Fact]
    public async Task OverClaimingProvider_IsLeftAndAvoidedForTheOverClaimPenalty()
    {
        await using var h = new MachineHarness(A, B);
        await h.Machine.ConnectAsync(null, CancellationToken.None);
        ScriptedSession first = Assert.Single(h.Sessions.Opened);

        first.End(new SessionEnd(SessionEndKind.ProviderEnded, "owed 300 > allowance 120", ProviderFailureReason.OverClaimed, new PaymentEnd.OverClaim("x")));

        ProviderFailed failed = await h.WaitForAsync<ProviderFailed>();
        Assert.Equal(ProviderFailureReason.OverClaimed, failed.Reason);
        Assert.Equal(h.Time.GetUtcNow() + h.Selection.OverClaimPenalty, failed.AvoidUntil);
        await h.WaitForStateAsync<Connected>(c => string.Equals(c.Provider.Address, B, StringComparison.OrdinalIgnoreCase));
        Assert.True(first.ClosedCleanly); // it is alive: tell it the session is over
    }

    [Fact]
    public async Task SetupFailure_FailsOverOnlyAfterTheBackoffOnTheClock()
    {
        await using var h = new MachineHarness(A, B);
        h.Sessions.OnConnect(A, () => new SessionSetupException(ProviderFailureReason.Unreachable, "connection refused"));

        Task<Connected> connect = h.Machine.ConnectAsync(null, CancellationToken.None);
        await h.WaitForAsync<ProviderFailed>(f => f.Reason == ProviderFailureReason.Unreachable);
        Assert.False(connect.IsCompleted);
        Assert.Equal([A], h.Sessions.Attempts);

        Connected connected = await h.AdvanceUntilAsync(connect, TimeSpan.FromMilliseconds(200));
        Assert.Equal(B, connected.Provider.Address, ignoreCase: true);
        Assert.Equal([A, B], h.Sessions.Attempts);
    }

    [Fact]
    public async Task NoProvider_IsABlockingTransientErrorAndTheMachineKeepsTrying()
    {
        await using var h = new MachineHarness();

        DvpnClientException error = await Assert.ThrowsAsync<DvpnClientException>(() => h.Machine.ConnectAsync(null, CancellationToken.None));
        Assert.Equal(ErrorCause.NoProviderAvailable, error.Cause);
        Assert.True(error.IsTransient);
        Assert.Equal(new ErrorState(ErrorCause.NoProviderAvailable, true, error.Message), h.Machine.State);
        Assert.Equal(TargetState.Secured, h.Machine.Target);

        h.Providers.Add(ScriptedSessions.Listing(A));
        Task<TunnelStateChanged> connected = h.WaitForStateAsync<Connected>();
        await h.AdvanceUntilAsync(connected, TimeSpan.FromMilliseconds(500));
        Assert.IsType<Connected>(h.Machine.State);
    }

    [Fact]
    public async Task Disconnect_ClosesCleanlyAndPersistsTheUnsecuredTarget()
    {
        await using var h = new MachineHarness(A);
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        await h.Machine.DisconnectAsync(CancellationToken.None);

        ScriptedSession session = Assert.Single(h.Sessions.Opened);
        Assert.True(session.ClosedCleanly);
        Assert.Equal(new Disconnected(false), h.Machine.State);
        Assert.Equal(TargetState.Unsecured, h.Store.GetTarget());
        await h.WaitForStateAsync<Disconnecting>(d => d.After == AfterDisconnect.Nothing);
        await h.WaitForStateAsync<Disconnected>();
    }

    [Fact]
    public async Task Restart_WithASecuredTarget_ConnectsWithoutBeingAsked()
    {
        await using var h = new MachineHarness(A);
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        TunnelMachine restarted = await h.RestartAsync();
        Assert.Equal(TargetState.Secured, h.Store.GetTarget()); // a stop is not a disconnect
        await restarted.InitializeAsync();

        await h.WaitForStateAsync<Connected>();
        await h.WaitForStateAsync<Connected>(); // the second connection, by the restarted machine
        Assert.Equal(2, h.Sessions.Opened.Count);
    }

    [Fact]
    public async Task Restart_WithAnUnsecuredTarget_StaysDisconnected()
    {
        await using var h = new MachineHarness(A);
        await h.Machine.ConnectAsync(null, CancellationToken.None);
        await h.Machine.DisconnectAsync(CancellationToken.None);

        TunnelMachine restarted = await h.RestartAsync();
        await restarted.InitializeAsync();

        Assert.Equal(new Disconnected(false), restarted.State);
        Assert.Single(h.Sessions.Opened);
    }

    [Fact]
    public async Task Restart_WithASecuredTargetButResumeOff_StaysDisconnectedAndPersistsUnsecured()
    {
        await using var h = new MachineHarness(A);
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        h.Reconnect.ResumeTargetOnStart = false;
        TunnelMachine restarted = await h.RestartAsync();
        await restarted.InitializeAsync();

        Assert.Equal(new Disconnected(false), restarted.State);
        Assert.Equal(TargetState.Unsecured, restarted.Target);
        Assert.Equal(TargetState.Unsecured, h.Store.GetTarget());
        Assert.Single(h.Sessions.Opened);
    }

    [Fact]
    public async Task CapReached_WithTheDisconnectAction_EndsDisconnectedAndUnsecured()
    {
        await using var h = new MachineHarness(A, B);
        await h.Machine.ConnectAsync(null, CancellationToken.None);
        ScriptedSession session = Assert.Single(h.Sessions.Opened);

        session.End(new SessionEnd(SessionEndKind.CapReached, "cap", Payment: new PaymentEnd.CapReached(SpendCap.Session, 90, 100)));

        SpendLimitReached reached = await h.WaitForAsync<SpendLimitReached>();
        Assert.Equal(SpendCap.Session, reached.Cap);
        await h.WaitForStateAsync<Disconnected>();
        Assert.Equal(TargetState.Unsecured, h.Store.GetTarget());
        Assert.True(session.ClosedCleanly);
        Assert.Single(h.Sessions.Opened); // no other provider: the cap is the user's, not the provider's
    }

    [Fact]
    public async Task CapReached_WithTheBlockAction_StaysBlockingUntilThePolicyChanges()
    {
        await using var h = new MachineHarness(A);
        h.Policy = h.Policy with { Action = SpendCapAction.Block };
        await h.Machine.ConnectAsync(null, CancellationToken.None);
        Assert.Single(h.Sessions.Opened).End(new SessionEnd(SessionEndKind.CapReached, "cap", Payment: new PaymentEnd.CapReached(SpendCap.Day, 90, 100)));

        await h.WaitForStateAsync<ErrorState>(e => e.Cause == ErrorCause.SpendLimitReached && e.Blocking);
        Assert.Equal(TargetState.Secured, h.Machine.Target);

        h.Policy = h.Policy with { PerDay = 1000 };
        h.Machine.OnPolicyChanged();
        await h.WaitForStateAsync<Connected>();
        Assert.Equal(2, h.Sessions.Opened.Count);
    }

    [Fact]
    public async Task Reconnect_LeavesTheCurrentProviderForAnotherWithoutMarkingIt()
    {
        await using var h = new MachineHarness(A, B);
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        Connected next = await h.Machine.ReconnectAsync(CancellationToken.None);

        Assert.Equal(B, next.Provider.Address, ignoreCase: true);
        Assert.True(h.Sessions.Opened.First().ClosedCleanly);
        Assert.Empty(h.Store.GetActiveMarks(h.Time.GetUtcNow()));
    }

    [Fact]
    public async Task AccountProblem_IsAnInsufficientFundsErrorNotAProviderFailure()
    {
        await using var h = new MachineHarness(A, B);
        h.Sessions.OnConnect(A, () => new SessionSetupException(ProviderFailureReason.Unreachable, "Unfunded", isAccountProblem: true));

        DvpnClientException error = await Assert.ThrowsAsync<DvpnClientException>(() => h.Machine.ConnectAsync(null, CancellationToken.None));

        Assert.Equal(ErrorCause.InsufficientFunds, error.Cause);
        Assert.False(error.IsTransient);
        Assert.Empty(h.Store.GetActiveMarks(h.Time.GetUtcNow()));
    }

    [Fact]
    public async Task PinnedProvider_IsTheOnlyOneTried()
    {
        await using var h = new MachineHarness(A, B);

        Connected connected = await h.Machine.ConnectAsync(new SelectionRequest { Provider = B }, CancellationToken.None);

        Assert.Equal(B, connected.Provider.Address, ignoreCase: true);
        Assert.Equal([B], h.Sessions.Attempts);
    }

    [Fact]
    public async Task Connect_AfterTheCapDisconnectedTheClient_StartsANewConnection()
    {
        await using var h = new MachineHarness(A);
        await h.Machine.ConnectAsync(null, CancellationToken.None);
        Assert.Single(h.Sessions.Opened).End(new SessionEnd(SessionEndKind.CapReached, "cap", Payment: new PaymentEnd.CapReached(SpendCap.Session, 90, 100)));
        await h.WaitForAsync<SpendLimitReached>();
        await h.WaitForStateAsync<Disconnected>();
        Assert.Equal(TargetState.Unsecured, h.Store.GetTarget());

        Connected again = await h.Machine.ConnectAsync(null, CancellationToken.None).WaitAsync(MachineHarness.Deadline);

        Assert.Equal(A, again.Provider.Address, ignoreCase: true);
        Assert.Equal(2, h.Sessions.Opened.Count);
        Assert.Equal(TargetState.Secured, h.Store.GetTarget());
    }

    [Fact]
    public async Task Connect_WithAnEqualRequest_KeepsTheHealthySession()
    {
        await using var h = new MachineHarness(A);
        await h.Machine.ConnectAsync(new SelectionRequest { Regions = ["lab", "EU"] }, CancellationToken.None);

        await h.Machine.ConnectAsync(new SelectionRequest { Regions = ["eu", "lab"] }, CancellationToken.None);

        ScriptedSession session = Assert.Single(h.Sessions.Opened);
        Assert.Null(session.ClosedCleanly);
    }

    [Fact]
    public async Task Reconnect_WithAPinnedProvider_ReconnectsToIt()
    {
        await using var h = new MachineHarness(A, B);
        await h.Machine.ConnectAsync(new SelectionRequest { Provider = A }, CancellationToken.None);

        Connected again = await h.Machine.ReconnectAsync(CancellationToken.None).WaitAsync(MachineHarness.Deadline);

        Assert.Equal(A, again.Provider.Address, ignoreCase: true);
        Assert.Equal([A, A], h.Sessions.Attempts);
    }

    [Fact]
    public async Task SessionEndingAtOnceWithoutAFailure_IsNotRetriedBeforeTheBackoff()
    {
        await using var h = new MachineHarness(A, B);
        await h.Machine.ConnectAsync(null, CancellationToken.None);

        Assert.Single(h.Sessions.Opened).End(new SessionEnd(SessionEndKind.ProviderEnded, "the provider ended the session (Closed)"));
        await h.WaitForStateAsync<Disconnecting>(d => d.After == AfterDisconnect.Reconnect);
        Task<TunnelStateChanged> next = h.WaitForStateAsync<Connected>();
        Assert.Single(h.Sessions.Attempts);

        await h.AdvanceUntilAsync(next, TimeSpan.FromMilliseconds(200));
        Assert.Equal([A, B], h.Sessions.Attempts); // and to another provider: the quick closer is skipped this round
    }
}
