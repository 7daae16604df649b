using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Payments;

/// <summary>
/// The provider's verdict on one ticket (docs/protocol.md §3.3), shared so a client can check its own tickets the
/// same way. Cheap checks run first; the signature last. Never throws for untrusted input.
/// </summary>
public static class TicketRules
{
    /// <summary>
    /// <see cref="TicketVerdict.Accepted"/> or the first rule the ticket breaks, in this order:
    /// wrong chain (verifier's domain), recipient, account (funder, token), commit, expiry, replay, claim cost,
    /// funded, signature.
    /// </summary>
    public static TicketVerdict Check(SignedTicket ticket, TicketExpectations expectations, TicketVerifier verifier,
        DateTimeOffset now) => throw new NotImplementedException();
}
