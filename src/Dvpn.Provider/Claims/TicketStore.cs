using Dvpn.Chain.Tickets;

namespace Dvpn.Provider.Claims;

/// <summary>
/// The provider's money state on disk (SQLite, one file, 0600): the highest ticket nonce accepted per signer, and
/// the queue of winning tickets with their reveals until they are claimed. Every write is committed (fsynced)
/// before the method returns, so a ticket is acknowledged only once it cannot be lost. Thread-safe.
/// </summary>
internal sealed class TicketStore : IDisposable
{
    /// <summary>Opens (creating, 0600) the database at <paramref name="path"/>.</summary>
    public static TicketStore Open(string path) => throw new NotImplementedException();

    /// <summary>The highest nonce recorded for <paramref name="signer"/>, 0 when none.</summary>
    public ulong GetLastNonce(EthAddress signer) => throw new NotImplementedException();

    /// <summary>
    /// Records an accepted ticket: advances the signer's last nonce and, when <paramref name="winningReveal"/> is not
    /// empty (the ticket won with that reveal), queues it for claiming, in one transaction. False, writing nothing,
    /// when the nonce is not above the recorded one (a replay).
    /// </summary>
    public bool TryRecord(SignedTicket ticket, ReadOnlySpan<byte> winningReveal) => throw new NotImplementedException();

    /// <summary>Closes the database.</summary>
    public void Dispose() => throw new NotImplementedException();
}
