using Dvpn.Chain.Tickets;
using Dvpn.Provider.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Provider.Tests.Sessions;

public sealed class SessionCommitsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RevealFor_CurrentCommit_ReturnsItsReveal()
    {
        using var commits = new SessionCommits();

        byte[]? reveal = commits.RevealFor(commits.Commit.Span, _time.GetUtcNow(), out bool isCurrent);

        Assert.NotNull(reveal);
        Assert.True(isCurrent);
        Assert.Equal(commits.Commit.ToArray(), TicketLottery.Commit(reveal));
    }

    [Fact]
    public void Rotate_NewCommit_OldOneKeptAsPrevious()
    {
        using var commits = new SessionCommits();
        byte[] before = commits.Commit.ToArray();

        commits.Rotate(_time.GetUtcNow(), Grace);

        Assert.NotEqual(before, commits.Commit.ToArray());
        Assert.Equal(before, commits.PreviousCommit.ToArray());
        Assert.Equal(_time.GetUtcNow() + Grace, commits.PreviousCommitValidUntil);
        Assert.Equal(1, commits.Rotations);
    }

    [Fact]
    public void RevealFor_PreviousCommitWithinGrace_ReturnsOldRevealNotCurrent()
    {
        using var commits = new SessionCommits();
        byte[] before = commits.Commit.ToArray();
        commits.Rotate(_time.GetUtcNow(), Grace);
        _time.Advance(Grace - TimeSpan.FromSeconds(1));

        byte[]? reveal = commits.RevealFor(before, _time.GetUtcNow(), out bool isCurrent);

        Assert.NotNull(reveal);
        Assert.False(isCurrent);
        Assert.Equal(before, TicketLottery.Commit(reveal));
    }

    [Fact]
    public void RevealFor_PreviousCommitAtGraceEnd_IsRefused()
    {
        using var commits = new SessionCommits();
        byte[] before = commits.Commit.ToArray();
        commits.Rotate(_time.GetUtcNow(), Grace);
        _time.Advance(Grace);

        Assert.Null(commits.RevealFor(before, _time.GetUtcNow(), out _));
    }

    [Fact]
    public void RevealFor_CommitTwoRotationsOld_IsRefused()
    {
        using var commits = new SessionCommits();
        byte[] first = commits.Commit.ToArray();
        commits.Rotate(_time.GetUtcNow(), Grace);
        commits.Rotate(_time.GetUtcNow(), Grace);

        Assert.Null(commits.RevealFor(first, _time.GetUtcNow(), out _));
    }

    [Fact]
    public void RevealFor_UnknownCommit_IsRefused()
    {
        using var commits = new SessionCommits();

        Assert.Null(commits.RevealFor(new byte[32], _time.GetUtcNow(), out _));
    }
}
