using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Sessions;

/// <summary>The signed CloseSession request (docs/protocol.md §3.4).</summary>
public static class SessionClose
{
    /// <summary>keccak256 of the domain tag, the session id and the timestamp.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> sessionId, DateTimeOffset timestamp) => throw new NotImplementedException();

    /// <summary>A signed request to close <paramref name="sessionId"/>.</summary>
    public static CloseSessionRequest Sign(ReadOnlySpan<byte> sessionId, DateTimeOffset timestamp, TicketSigner signer) =>
        throw new NotImplementedException();

    /// <summary>
    /// Checks a close request against the session's signer and the clock; null when it is good, else why not.
    /// </summary>
    public static OpenRejection? Validate(CloseSessionRequest message, EthAddress sessionSigner, DateTimeOffset now,
        TimeSpan maxClockSkew) => throw new NotImplementedException();
}
