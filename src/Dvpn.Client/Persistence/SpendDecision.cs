using System.Numerics;
using Dvpn.Client.Events;

namespace Dvpn.Client.Persistence;

/// <summary>The ledger's answer to <see cref="TicketSpend"/>.</summary>
internal abstract record SpendDecision
{
    private SpendDecision()
    {
    }

    /// <summary>Recorded durably with <paramref name="Nonce"/>: the ticket may be signed and sent.</summary>
    /// <param name="Nonce">Never handed out before for this signer, also across crashes.</param>
    /// <param name="Warnings">Caps whose warning share this ticket crossed (empty almost always).</param>
    public sealed record Authorized(ulong Nonce, IReadOnlyList<SpendWarning> Warnings) : SpendDecision;

    /// <summary>Refused: signing it would take spend past <paramref name="Cap"/>. Nothing was recorded.</summary>
    public sealed record CapReached(SpendCap Cap, BigInteger Spent, BigInteger Limit) : SpendDecision;
}
