using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Google.Protobuf;

namespace Dvpn.Protocol.Sessions;

/// <summary>The signed CloseSession request (docs/protocol.md §3.4).</summary>
public static class SessionClose
{
    private static readonly byte[] s_domainTag = DigestWriter.Tag("dvpn.provider.v1.CloseSession");

    private const int SignedSize = Keccak256.Size + ProtocolConstants.SessionIdSize + sizeof(ulong);

    /// <summary>keccak256 of the domain tag, the session id and the timestamp.</summary>
    /// <exception cref="ArgumentException">The session id is not 16 bytes.</exception>
    public static byte[] Digest(ReadOnlySpan<byte> sessionId, DateTimeOffset timestamp)
    {
        if (sessionId.Length != ProtocolConstants.SessionIdSize)
        {
            throw new ArgumentException($"a session id is {ProtocolConstants.SessionIdSize} bytes", nameof(sessionId));
        }

        Span<byte> buffer = stackalloc byte[SignedSize];
        var writer = new DigestWriter(buffer, s_domainTag);
        writer.WriteBytes(sessionId);
        writer.WriteUInt64(checked((ulong)timestamp.ToUnixTimeSeconds()));
        return writer.Finish();
    }

    /// <summary>A signed request to close <paramref name="sessionId"/>.</summary>
    public static CloseSessionRequest Sign(ReadOnlySpan<byte> sessionId, DateTimeOffset timestamp, TicketSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        byte[] signature = new byte[SignedTicket.SignatureSize];
        signer.SignDigest(Digest(sessionId, timestamp), signature);
        return new CloseSessionRequest
        {
            SessionId = ByteString.CopyFrom(sessionId),
            Timestamp = checked((ulong)timestamp.ToUnixTimeSeconds()),
            Signature = ByteString.CopyFrom(signature),
        };
    }

    /// <summary>
    /// Checks a close request against the session's signer and the clock; null when it is good, else why not.
    /// </summary>
    public static OpenRejection? Validate(CloseSessionRequest message, EthAddress sessionSigner, DateTimeOffset now,
        TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.SessionId.Length != ProtocolConstants.SessionIdSize || message.Signature.Length != SignedTicket.SignatureSize
            || message.Timestamp > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return new(OpenRejectionReason.Malformed, "session_id, timestamp or signature has the wrong size");
        }

        var timestamp = DateTimeOffset.FromUnixTimeSeconds((long)message.Timestamp);
        if (timestamp > now + maxClockSkew || timestamp < now - maxClockSkew)
        {
            return new(OpenRejectionReason.StaleTimestamp, "the close request's timestamp is outside the clock skew window");
        }

        byte[] digest = Digest(message.SessionId.Span, timestamp);
        return TicketVerifier.TryRecoverSigner(digest, message.Signature.Span, out EthAddress signer) && signer == sessionSigner
            ? null
            : new(OpenRejectionReason.BadSignature, "the close request is not signed by the session's signer");
    }
}
