using System.Buffers.Binary;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Util;

namespace Dvpn.Protocol.Tests.Sessions;

public sealed class SessionRequestTests : IDisposable
{
    private readonly TicketSigner _signer = ProtocolFixtures.NewSigner();
    private readonly FakeTimeProvider _time = new(ProtocolFixtures.Now);

    public void Dispose() => _signer.Dispose();

    private SessionRequestValidator Validator(TimeSpan? skew = null, int capacity = 1000) => new(new SessionRequestExpectations
    {
        ChainId = ProtocolFixtures.ChainId,
        Lottery = ProtocolFixtures.Lottery,
        Provider = ProtocolFixtures.Provider,
        AcceptedTokens = new HashSet<EthAddress> { ProtocolFixtures.Native },
        MaxClockSkew = skew ?? TimeSpan.FromSeconds(60),
        ReplayCapacity = capacity,
    }, _time);

    private SessionRequest Request() => SessionRequest.Create(ProtocolFixtures.ChainId, ProtocolFixtures.Lottery, ProtocolFixtures.Provider,
        ProtocolFixtures.WireGuardKey(), ProtocolFixtures.Funder, _signer.Address, ProtocolFixtures.Native, _time);

    private OpenRejectionReason? Reject(SessionRequestValidator validator, OpenSessionRequest message) =>
        validator.TryValidate(message, out _, out OpenRejection? rejection) ? null : rejection.Reason;

    [Fact]
    public void Open_SignedRequest_IsAccepted_WithEveryField()
    {
        SessionRequest request = Request() with { WantIpv6 = true };
        Assert.True(Validator().TryValidate(request.Sign(_signer), out SessionRequest? read, out OpenRejection? rejection), rejection?.Message);
        Assert.Equal(request.Digest(), read.Digest());
        Assert.True(read.WantIpv6);
        Assert.Equal(_signer.Address, read.Signer);
    }

    [Fact]
    public void Open_Digest_MatchesTheDocumentedLayout()
    {
        SessionRequest request = Request();
        byte[] layout = [
            .. Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes("dvpn.provider.v1.OpenSession")),
            .. BigEndian(1u), .. BigEndian(ProtocolFixtures.ChainId), .. ProtocolFixtures.Lottery.ToArray(), .. ProtocolFixtures.Provider.ToArray(),
            .. request.WireGuardPublicKey.ToArray(), .. ProtocolFixtures.Funder.ToArray(), .. _signer.Address.ToArray(),
            .. ProtocolFixtures.Native.ToArray(), .. BigEndian((ulong)ProtocolFixtures.Now.ToUnixTimeSeconds()),
            .. request.RequestNonce.ToArray(), 0,
        ];
        Assert.Equal(Sha3Keccack.Current.CalculateHash(layout), request.Digest());
    }

    public static TheoryData<string> SignedFields => new()
    {
        "chain_id", "lottery", "provider", "wireguard_public_key", "funder", "token", "timestamp", "request_nonce", "want_ipv6",
    };

    [Theory]
    [MemberData(nameof(SignedFields))]
    public void Open_FieldChangedAfterSigning_IsBadSignature(string field)
    {
        OpenSessionRequest message = Request().Sign(_signer);
        // Each change keeps every expectation satisfied, so only the signature can catch it.
        var validator = new SessionRequestValidator(new SessionRequestExpectations
        {
            ChainId = field == "chain_id" ? 1 : ProtocolFixtures.ChainId,
            Lottery = field == "lottery" ? ProtocolFixtures.Funder : ProtocolFixtures.Lottery,
            Provider = field == "provider" ? ProtocolFixtures.Funder : ProtocolFixtures.Provider,
            AcceptedTokens = new HashSet<EthAddress> { ProtocolFixtures.Native, ProtocolFixtures.Lottery },
        }, _time);
        switch (field)
        {
            case "chain_id": message.ChainId = 1; break;
            case "lottery": message.Lottery = ByteString.CopyFrom(ProtocolFixtures.Funder.ToArray()); break;
            case "provider": message.Provider = ByteString.CopyFrom(ProtocolFixtures.Funder.ToArray()); break;
            case "wireguard_public_key": message.WireguardPublicKey = ByteString.CopyFrom(ProtocolFixtures.WireGuardKey()); break;
            case "funder": message.Funder = ByteString.CopyFrom(ProtocolFixtures.Lottery.ToArray()); break;
            case "token": message.Token = ByteString.CopyFrom(ProtocolFixtures.Lottery.ToArray()); break;
            case "timestamp": message.Timestamp++; break;
            case "request_nonce": message.RequestNonce = ByteString.CopyFrom(new byte[16]); break;
            case "want_ipv6": message.WantIpv6 = !message.WantIpv6; break;
        }

        Assert.Equal(OpenRejectionReason.BadSignature, Reject(validator, message));
    }

    [Fact]
    public void Open_SignedByAnotherKey_IsBadSignature()
    {
        using TicketSigner other = ProtocolFixtures.NewSigner();
        OpenSessionRequest message = Request().Sign(_signer);
        message.Signature = Request().Sign(_signer).Signature; // a real signature, over another request
        Assert.Equal(OpenRejectionReason.BadSignature, Reject(Validator(), message));
        Assert.Throws<ArgumentException>(() => Request().Sign(other));
    }

    [Theory]
    [InlineData(-61)]
    [InlineData(61)]
    [InlineData(-3600)]
    public void Open_TimestampOutsideWindow_IsStale(int offsetSeconds)
    {
        // The signer's clock differs from the provider's by the offset.
        OpenSessionRequest message = (Request() with { Timestamp = ProtocolFixtures.Now.AddSeconds(offsetSeconds) }).Sign(_signer);
        Assert.Equal(OpenRejectionReason.StaleTimestamp, Reject(Validator(), message));
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(60)]
    public void Open_TimestampAtWindowEdge_IsAccepted(int offsetSeconds)
    {
        OpenSessionRequest message = (Request() with { Timestamp = ProtocolFixtures.Now.AddSeconds(offsetSeconds) }).Sign(_signer);
        Assert.Null(Reject(Validator(), message));
    }

    [Fact]
    public void Open_SameRequestTwice_IsReplayed_ThenStale()
    {
        SessionRequestValidator validator = Validator();
        OpenSessionRequest message = Request().Sign(_signer);
        Assert.Null(Reject(validator, message));
        Assert.Equal(OpenRejectionReason.Replayed, Reject(validator, message));
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(OpenRejectionReason.StaleTimestamp, Reject(validator, message));
    }

    [Fact]
    public void Open_ReplayWindowFull_RefusesInsteadOfForgetting()
    {
        SessionRequestValidator validator = Validator(capacity: 2);
        Assert.Null(Reject(validator, Request().Sign(_signer)));
        Assert.Null(Reject(validator, Request().Sign(_signer)));
        Assert.Equal(OpenRejectionReason.RateLimited, Reject(validator, Request().Sign(_signer)));
        _time.Advance(TimeSpan.FromSeconds(61)); // the first two leave the window
        Assert.Null(Reject(validator, Request().Sign(_signer)));
    }

    [Fact]
    public void Open_WrongExpectations_HaveTheirOwnReasons()
    {
        Assert.Equal(OpenRejectionReason.WrongChain, Reject(Validator(), (Request() with { ChainId = 1 }).Sign(_signer)));
        Assert.Equal(OpenRejectionReason.WrongLottery, Reject(Validator(), (Request() with { Lottery = ProtocolFixtures.Funder }).Sign(_signer)));
        Assert.Equal(OpenRejectionReason.WrongProvider, Reject(Validator(), (Request() with { Provider = ProtocolFixtures.Funder }).Sign(_signer)));
        Assert.Equal(OpenRejectionReason.UnsupportedToken, Reject(Validator(), (Request() with { Token = ProtocolFixtures.Lottery }).Sign(_signer)));
        Assert.Equal(OpenRejectionReason.BadWireGuardKey, Reject(Validator(), (Request() with { WireGuardPublicKey = new byte[32] }).Sign(_signer)));
    }

    public static TheoryData<string> MalformedFields => new() { "version", "key", "nonce", "signature", "signer", "timestamp" };

    [Theory]
    [MemberData(nameof(MalformedFields))]
    public void Open_MalformedField_IsRejectedNotThrown(string field)
    {
        OpenSessionRequest message = Request().Sign(_signer);
        switch (field)
        {
            case "version": message.ProtocolVersion = 2; break;
            case "key": message.WireguardPublicKey = ByteString.CopyFrom(new byte[31]); break;
            case "nonce": message.RequestNonce = ByteString.Empty; break;
            case "signature": message.Signature = ByteString.CopyFrom(new byte[66]); break;
            case "signer": message.Signer = ByteString.CopyFrom(new byte[21]); break;
            case "timestamp": message.Timestamp = ulong.MaxValue; break;
        }

        Assert.Equal(field == "version" ? OpenRejectionReason.UnsupportedVersion : OpenRejectionReason.Malformed, Reject(Validator(), message));
    }

    [Fact]
    public void Open_EmptyMessage_IsRejected() => Assert.NotNull(Reject(Validator(), new OpenSessionRequest()));

    [Theory]
    [InlineData(OpenRejectionReason.BadSignature, StatusCode.Unauthenticated)]
    [InlineData(OpenRejectionReason.Replayed, StatusCode.AlreadyExists)]
    [InlineData(OpenRejectionReason.RateLimited, StatusCode.ResourceExhausted)]
    [InlineData(OpenRejectionReason.Unfunded, StatusCode.FailedPrecondition)]
    [InlineData(OpenRejectionReason.Malformed, StatusCode.InvalidArgument)]
    [InlineData(OpenRejectionReason.UnknownSession, StatusCode.NotFound)]
    public void Rejection_TravelsAsStatusAndReasonTrailer(OpenRejectionReason reason, StatusCode expected)
    {
        RpcException exception = new OpenRejection(reason, "because").ToRpcException();
        Assert.Equal(expected, exception.StatusCode);
        Assert.Equal("because", exception.Status.Detail);
        Assert.Equal(reason, OpenRejection.ReasonOf(exception));
    }

    [Fact]
    public void Rejection_UnknownTrailer_HasNoReason() =>
        Assert.Null(OpenRejection.ReasonOf(new RpcException(new Status(StatusCode.Internal, "x"), new Metadata { { "dvpn-reason", "Nonsense" } })));

    private static byte[] BigEndian(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(ulong value)
    {
        byte[] bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
