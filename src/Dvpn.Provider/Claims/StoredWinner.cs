using Dvpn.Chain.Contracts;
using Dvpn.Chain.Tickets;

namespace Dvpn.Provider.Claims;

/// <summary>A winning ticket as the store holds it: the signed ticket, the reveal it won with, and its claim state.</summary>
/// <param name="Id">The row id (stable; what the mark methods take).</param>
/// <param name="Ticket">The signed ticket, exactly as the client sent it.</param>
/// <param name="Reveal">The provider's 32-byte reveal under which it won.</param>
/// <param name="State">Pending, claimed, skipped or expired.</param>
/// <param name="TransactionHash">The claim transaction that settled it, when there was one.</param>
/// <param name="Attempts">Claim transactions tried with it (failed ones included).</param>
/// <param name="LastError">The last failure or the reason it was skipped or expired.</param>
/// <param name="QueuedAt">When it was recorded.</param>
/// <param name="UpdatedAt">When its row last changed.</param>
internal sealed record StoredWinner(
    long Id,
    SignedTicket Ticket,
    ReadOnlyMemory<byte> Reveal,
    WinnerState State,
    string? TransactionHash,
    int Attempts,
    string? LastError,
    DateTimeOffset QueuedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The ticket's signer.</summary>
    public EthAddress Signer => Ticket.Signer;

    /// <summary>The ticket's nonce.</summary>
    public ulong Nonce => Ticket.Ticket.Nonce;

    /// <summary>The ticket's expiry (unix seconds, chain time).</summary>
    public ulong Expiry => Ticket.Ticket.Expiry;

    /// <summary>The claim the Lottery takes for it.</summary>
    /// <exception cref="InvalidOperationException">The signature is not canonical (cannot be packed).</exception>
    public LotteryClaim ToClaim() => Ticket.ToClaim(Reveal.Span);
}
