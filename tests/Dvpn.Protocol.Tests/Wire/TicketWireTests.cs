using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Google.Protobuf;

namespace Dvpn.Protocol.Tests.Wire;

public sealed class TicketWireTests
{
    [Fact]
    public void Ticket_RoundTrips_AndStillVerifies()
    {
        using TicketSigner signer = ProtocolFixtures.NewSigner();
        SignedTicket signed = signer.Sign(ProtocolFixtures.Ticket(ProtocolFixtures.Funder, new byte[32]) with { Data = 12345 });

        TicketMessage message = TicketMessage.Parser.ParseFrom(TicketWire.ToMessage(signed).ToByteArray());
        Assert.True(TicketWire.TryRead(message, signer.Address, out SignedTicket? read, out string? error), error);

        Assert.Equal(signed.Ticket, read.Ticket);
        Assert.True(read.Signature.SequenceEqual(signed.Signature));
        Assert.True(new TicketVerifier(ProtocolFixtures.Domain).Verify(read, signer.Address));
    }

    public static TheoryData<string> BrokenFields => new()
    {
        "recipient", "token", "funder", "commit", "nonce", "face_value", "data", "signature",
    };

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public void Ticket_WithBrokenField_IsRejectedWithReason(string field)
    {
        using TicketSigner signer = ProtocolFixtures.NewSigner();
        TicketMessage message = TicketWire.ToMessage(signer.Sign(ProtocolFixtures.Ticket(ProtocolFixtures.Funder, new byte[32])));
        ByteString tooLong = ByteString.CopyFrom(new byte[33]);
        switch (field)
        {
            case "recipient": message.Recipient = ByteString.CopyFrom(new byte[19]); break;
            case "token": message.Token = ByteString.Empty; break;
            case "funder": message.Funder = tooLong; break;
            case "commit": message.Commit = ByteString.CopyFrom(new byte[31]); break;
            case "nonce": message.Nonce = 0; break;
            case "face_value": message.FaceValue = ByteString.CopyFrom(Enumerable.Repeat((byte)0xFF, 13).ToArray()); break;
            case "data": message.Data = tooLong; break;
            case "signature": message.Signature = ByteString.CopyFrom(new byte[64]); break;
        }

        Assert.False(TicketWire.TryRead(message, signer.Address, out SignedTicket? ticket, out string? error));
        Assert.Null(ticket);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Ticket_RandomBytes_NeverThrow()
    {
        int parsed = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] garbage = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 300));
            TicketMessage message;
            try
            {
                message = TicketMessage.Parser.ParseFrom(garbage);
            }
            catch (InvalidProtocolBufferException)
            {
                continue; // protobuf's own rejection of garbage, before our parser sees it
            }

            // Whatever protobuf accepted, our parser answers with a value, never an exception.
            _ = TicketWire.TryRead(message, ProtocolFixtures.Funder, out _, out _);
            parsed++;
        }

        Assert.True(parsed > 0, "some random inputs reached the ticket parser");
    }
}
