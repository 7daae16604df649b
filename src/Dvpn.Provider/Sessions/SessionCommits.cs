using System.Security.Cryptography;
using Dvpn.Chain.Tickets;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// A session's lottery reveals (docs/protocol.md §3.3). Tickets carry the commit keccak256(reveal); the provider
/// keeps the reveal secret until it claims a winner, which publishes it, so after a win the reveal is replaced
/// (rotation) and the old commit is accepted only for a grace period, for tickets the client signed before it saw
/// the new commit. Not thread-safe: the session's lock guards it.
/// </summary>
internal sealed class SessionCommits : IDisposable
{
    private byte[] _reveal;
    private byte[] _commit;
    private byte[]? _previousReveal;
    private byte[]? _previousCommit;

    /// <summary>Starts with a fresh reveal.</summary>
    public SessionCommits()
    {
        _reveal = TicketLottery.NewReveal();
        _commit = TicketLottery.Commit(_reveal);
    }

    /// <summary>The commit tickets must carry (never mutated: a rotation makes a new array).</summary>
    public ReadOnlyMemory<byte> Commit => _commit;

    /// <summary>The commit before the last rotation; empty before the first.</summary>
    public ReadOnlyMemory<byte> PreviousCommit => _previousCommit;

    /// <summary>Until when <see cref="PreviousCommit"/> is accepted.</summary>
    public DateTimeOffset PreviousCommitValidUntil { get; private set; }

    /// <summary>How many times the reveal was replaced.</summary>
    public int Rotations { get; private set; }

    /// <summary>
    /// The reveal behind <paramref name="commit"/> if tickets may carry it at <paramref name="now"/> (a copy), with
    /// whether it is the current one; null for any other commit.
    /// </summary>
    public byte[]? RevealFor(ReadOnlySpan<byte> commit, DateTimeOffset now, out bool isCurrent)
    {
        isCurrent = commit.SequenceEqual(_commit);
        if (isCurrent)
        {
            return (byte[])_reveal.Clone();
        }

        if (_previousCommit is not null && now < PreviousCommitValidUntil && commit.SequenceEqual(_previousCommit))
        {
            return (byte[])_previousReveal!.Clone();
        }

        return null;
    }

    /// <summary>Replaces the reveal; the current commit stays valid until <paramref name="now"/> + <paramref name="grace"/>.</summary>
    public void Rotate(DateTimeOffset now, TimeSpan grace)
    {
        if (_previousReveal is not null)
        {
            CryptographicOperations.ZeroMemory(_previousReveal);
        }

        _previousReveal = _reveal;
        _previousCommit = _commit;
        PreviousCommitValidUntil = now + grace;
        _reveal = TicketLottery.NewReveal();
        _commit = TicketLottery.Commit(_reveal);
        Rotations++;
    }

    /// <summary>Wipes the reveals.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_reveal);
        if (_previousReveal is not null)
        {
            CryptographicOperations.ZeroMemory(_previousReveal);
        }
    }
}
