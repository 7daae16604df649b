using Dvpn.Protocol.V1;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Provider.Tests.Sessions;

/// <summary>
/// Pausing a session over its credit limit and resuming it on payment (docs/protocol.md §3.3, "Credit limit"), on a
/// recording stand-in for the tunnel's cut. The kit's price is one token unit per byte.
/// </summary>
public sealed class SessionPauserTests : IDisposable
{
    private readonly SessionKit _kit = new();
    private readonly RecordingForwarding _forwarding = new();
    private readonly SessionPauser _pauser;

    public SessionPauserTests()
    {
        _pauser = new SessionPauser(_forwarding, _kit.Metrics, _kit.Settings, _kit.Time, NullLogger<SessionPauser>.Instance);
    }

    [Fact]
    public async Task PauseIfOverLimit_OverTheLimit_CutsAndKeepsTheSessionOpen()
    {
        using Session session = OverdrawnSession(by: 1);

        Assert.True(await _pauser.PauseIfOverLimitAsync(session));

        Assert.True(session.IsPaused);
        Assert.False(session.IsEnded);
        Assert.Equal(["cut " + session.Addresses.IPv4], _forwarding.Calls);
    }

    [Fact]
    public async Task PauseIfOverLimit_AtTheLimit_DoesNotCut()
    {
        using Session session = OverdrawnSession(by: 0);

        Assert.False(await _pauser.PauseIfOverLimitAsync(session));

        Assert.False(session.IsPaused);
        Assert.Empty(_forwarding.Calls);
    }

    [Fact]
    public async Task ResumeIfPaid_PaymentBringsItUnderTheLimit_UncutsAndResumes()
    {
        using Session session = OverdrawnSession(by: 100);
        await _pauser.PauseIfOverLimitAsync(session);

        Assert.False(await _pauser.ResumeIfPaidAsync(session)); // nothing paid yet
        Assert.True(session.IsPaused);
        lock (session.Sync)
        {
            session.Ledger.Credit(100);
        }

        Assert.True(await _pauser.ResumeIfPaidAsync(session));

        Assert.False(session.IsPaused);
        Assert.Equal(["cut " + session.Addresses.IPv4, "uncut " + session.Addresses.IPv4], _forwarding.Calls);
    }

    [Fact]
    public async Task ResumeIfPaid_SessionEndedWhilePaused_LeavesTheCutToTheEnd()
    {
        using Session session = OverdrawnSession(by: 100);
        await _pauser.PauseIfOverLimitAsync(session);
        lock (session.Sync)
        {
            session.Ledger.Credit(100);
        }

        session.TryEnd(CutOffReason.Closed, "closed");

        Assert.False(await _pauser.ResumeIfPaidAsync(session));
        Assert.True(session.IsPaused);
        Assert.Equal(["cut " + session.Addresses.IPv4], _forwarding.Calls);
    }

    [Fact]
    public async Task PauseIfOverLimit_CutFails_StaysUnpausedSoTheNextPassRetries()
    {
        using Session session = OverdrawnSession(by: 1);
        _forwarding.Fail = true;

        Assert.False(await _pauser.PauseIfOverLimitAsync(session));
        Assert.False(session.IsPaused);
        Assert.Equal(ForwardingChange.Pause, session.CheckForwarding(_kit.Time.GetUtcNow()));

        _forwarding.Fail = false;
        Assert.True(await _pauser.PauseIfOverLimitAsync(session));
        Assert.True(session.IsPaused);
    }

    [Fact]
    public async Task ResumeIfPaid_TicketCreditedWhileThePauseIsCutting_ResumesRightAfterTheCut()
    {
        using Session session = OverdrawnSession(by: 100);
        var cutting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _forwarding.Hold = cutting.Task;
        Task<bool> pausing = _pauser.PauseIfOverLimitAsync(session);
        Assert.True(session.IsPaused); // marked before the cut, so the ticket below sees it
        lock (session.Sync)
        {
            session.Ledger.Credit(100);
        }

        Task<bool> resuming = _pauser.ResumeIfPaidAsync(session);
        Assert.False(resuming.IsCompleted);
        cutting.SetResult();

        Assert.True(await pausing);
        Assert.True(await resuming);
        Assert.False(session.IsPaused);
        Assert.Equal(["cut " + session.Addresses.IPv4, "uncut " + session.Addresses.IPv4], _forwarding.Calls);
    }

    public void Dispose() => _kit.Dispose();

    private Session OverdrawnSession(ulong by)
    {
        Session session = _kit.OpenSession();
        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes + by, 0, null), _kit.Time.GetUtcNow());
        return session;
    }

    private sealed class RecordingForwarding : ISessionForwarding
    {
        public List<string> Calls { get; } = [];

        public bool Fail { get; set; }

        /// <summary>When set, the next cut completes with it (then it is cleared).</summary>
        public Task? Hold { get; set; }

        public async Task CutAsync(Session session, CancellationToken cancellationToken)
        {
            if (Hold is { } hold)
            {
                Hold = null;
                await hold;
            }

            await Record("cut", session);
        }

        public Task UncutAsync(Session session, CancellationToken cancellationToken) => Record("uncut", session);

        private Task Record(string what, Session session)
        {
            if (Fail)
            {
                return Task.FromException(new DataPlaneException("nft refused"));
            }

            Calls.Add($"{what} {session.Addresses.IPv4}");
            return Task.CompletedTask;
        }
    }
}
