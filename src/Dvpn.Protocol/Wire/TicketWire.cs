using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Google.Protobuf;

namespace Dvpn.Protocol.Wire;

/// <summary>Converts signed tickets to and from <see cref="TicketMessage"/>.</summary>
public static class TicketWire
{
    /// <summary>The wire form of <paramref name="ticket"/>.</summary>
    public static TicketMessage ToMessage(SignedTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        Ticket t = ticket.Ticket;
        return new TicketMessage
        {
            Recipient = WireAddress.ToBytes(t.Recipient),
            Commit = ByteString.CopyFrom(t.Commit.Span),
            Issued = t.Issued,
            Nonce = t.Nonce,
            FaceValue = WireAmount.ToBytes(t.FaceValue),
            WinProb = t.WinProb,
            Expiry = t.Expiry,
            Token = WireAddress.ToBytes(t.Token),
            Funder = WireAddress.ToBytes(t.Funder),
            Data = WireAmount.ToBytes(t.Data),
            Signature = ByteString.CopyFrom(ticket.Signature),
        };
    }

    /// <summary>
    /// Parses a ticket from untrusted bytes, attributed to <paramref name="signer"/> (the session's signer; the
    /// signature is not checked here, <see cref="Payments.TicketRules"/> does that). False, with a short reason in
    /// <paramref name="error"/>, for any field of the wrong size or range; nothing throws.
    /// </summary>
    public static bool TryRead(TicketMessage message, EthAddress signer, [NotNullWhen(true)] out SignedTicket? ticket,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(message);
        ticket = null;
        error = Validate(message, out EthAddress recipient, out EthAddress token, out EthAddress funder,
            out BigInteger faceValue, out BigInteger data);
        if (error is not null)
        {
            return false;
        }

        var parsed = new Ticket
        {
            Recipient = recipient,
            Commit = message.Commit.Memory,
            Issued = message.Issued,
            Nonce = message.Nonce,
            FaceValue = faceValue,
            WinProb = message.WinProb,
            Expiry = message.Expiry,
            Token = token,
            Funder = funder,
            Data = data,
        };
        ticket = new SignedTicket(parsed, signer, message.Signature.Span);
        return true;
    }

    // Every check the Ticket initializers would otherwise throw for, so that garbage is a value, not an exception.
    private static string? Validate(TicketMessage message, out EthAddress recipient, out EthAddress token,
        out EthAddress funder, out BigInteger faceValue, out BigInteger data)
    {
        token = default;
        funder = default;
        faceValue = default;
        data = default;
        if (!WireAddress.TryRead(message.Recipient, out recipient))
        {
            return "recipient is not a 20-byte address";
        }

        if (!WireAddress.TryRead(message.Token, out token))
        {
            return "token is not a 20-byte address";
        }

        if (!WireAddress.TryRead(message.Funder, out funder))
        {
            return "funder is not a 20-byte address";
        }

        if (message.Commit.Length != Ticket.CommitSize)
        {
            return $"commit is not {Ticket.CommitSize} bytes";
        }

        if (message.Nonce == 0)
        {
            return "nonce 0 is never payable";
        }

        if (!WireAmount.TryRead(message.FaceValue, out faceValue) || faceValue > Ticket.MaxUInt96)
        {
            return "face value is not a uint96";
        }

        if (!WireAmount.TryRead(message.Data, out data) || data > Ticket.MaxUInt96)
        {
            return "data is not a uint96";
        }

        if (message.Signature.Length != SignedTicket.SignatureSize)
        {
            return $"signature is not {SignedTicket.SignatureSize} bytes";
        }

        return null;
    }
}
