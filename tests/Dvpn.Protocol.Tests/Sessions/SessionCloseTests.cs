using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Google.Protobuf;

namespace Dvpn.Protocol.Tests.Sessions;

public sealed class SessionCloseTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);
    private readonly byte[] _sessionId = RandomNumberGenerator.GetBytes(16);

    [Fact]
    public void Close_SignedBySessionSigner_IsValid()
    {
        using TicketSigner signer = ProtocolFixtures.NewSigner();
        CloseSessionRequest message = SessionClose.Sign(_sessionId, ProtocolFixtures.Now, signer);
        Assert.Null(SessionClose.Validate(message, signer.Address, ProtocolFixtures.Now, Skew));
    }

    [Fact]
    public void Close_SignedByAnotherSigner_IsBadSignature()
    {
        using TicketSigner signer = ProtocolFixtures.NewSigner();
        using TicketSigner other = ProtocolFixtures.NewSigner();
        CloseSessionRequest message = SessionClose.Sign(_sessionId, ProtocolFixtures.Now, other);
        Assert.Equal(OpenRejectionReason.BadSignature, SessionClose.Validate(message, signer.Address, ProtocolFixtures.Now, Skew)?.Reason);
    }

    [Fact]
    public void Close_ForAnotherSession_IsBadSignature()
    {
        using TicketSigner signer = ProtocolFixtures.NewSigner();
        CloseSessionRequest message = SessionClose.Sign(_sessionId, ProtocolFixtures.Now, signer);
        message.SessionId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16));
        Assert.Equal(OpenRejectionReason.BadSignature, SessionClose.Validate(message, signer.Address, ProtocolFixtures.Now, Skew)?.Reason);
    }

    [Fact]
    public void Close_Old_IsStale()
    {
        using TicketSigner signer = ProtocolFixtures.NewSigner();
        CloseSessionRequest message = SessionClose.Sign(_sessionId, ProtocolFixtures.Now, signer);
        Assert.Equal(OpenRejectionReason.StaleTimestamp,
            SessionClose.Validate(message, signer.Address, ProtocolFixtures.Now + TimeSpan.FromMinutes(5), Skew)?.Reason);
    }

    [Fact]
    public void Close_Malformed_IsRejected()
    {
        Assert.Equal(OpenRejectionReason.Malformed,
            SessionClose.Validate(new CloseSessionRequest(), ProtocolFixtures.Funder, ProtocolFixtures.Now, Skew)?.Reason);
    }
}
