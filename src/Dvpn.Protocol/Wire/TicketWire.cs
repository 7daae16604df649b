using System.Diagnostics.CodeAnalysis;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Wire;

/// <summary>Converts signed tickets to and from <see cref="TicketMessage"/>.</summary>
public static class TicketWire
{
    /// <summary>The wire form of <paramref name="ticket"/>.</summary>
    public static TicketMessage ToMessage(SignedTicket ticket) => throw new NotImplementedException();

    /// <summary>
    /// Parses a ticket from untrusted bytes, attributed to <paramref name="signer"/> (the session's signer; the
    /// signature is not checked here, <see cref="Payments.TicketRules"/> does that). False, with a short reason in
    /// <paramref name="error"/>, for any field of the wrong size or range; nothing throws.
    /// </summary>
    public static bool TryRead(TicketMessage message, EthAddress signer, [NotNullWhen(true)] out SignedTicket? ticket,
        [NotNullWhen(false)] out string? error) => throw new NotImplementedException();
}
