using System.Diagnostics.CodeAnalysis;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Sessions;

/// <summary>
/// The signed content of an OpenSession request (docs/protocol.md §3.1). <see cref="Digest"/> is what the signer
/// signs: keccak256 of a domain tag and every field in a fixed binary layout, never of protobuf bytes.
/// </summary>
/// <param name="ChainId">EIP-155 chain id of the lottery.</param>
/// <param name="Lottery">The lottery contract.</param>
/// <param name="Provider">The provider's Directory address (the ticket recipient).</param>
/// <param name="WireGuardPublicKey">The session's fresh Curve25519 key, 32 bytes.</param>
/// <param name="Funder">The account's funder.</param>
/// <param name="Signer">The account's signer, who signs this request and the tickets.</param>
/// <param name="Token">The account's token; zero for the native coin.</param>
/// <param name="Timestamp">When the request was signed, to the second.</param>
/// <param name="RequestNonce">16 random bytes.</param>
/// <param name="WantIpv6">Whether the client asks for an IPv6 tunnel address.</param>
public sealed record SessionRequest(
    ulong ChainId,
    EthAddress Lottery,
    EthAddress Provider,
    ReadOnlyMemory<byte> WireGuardPublicKey,
    EthAddress Funder,
    EthAddress Signer,
    EthAddress Token,
    DateTimeOffset Timestamp,
    ReadOnlyMemory<byte> RequestNonce,
    bool WantIpv6)
{
    /// <summary>keccak256 of the domain tag and the fields (32 bytes).</summary>
    public byte[] Digest() => throw new NotImplementedException();

    /// <summary>Signs the request with the account's signer and returns the wire message.</summary>
    /// <exception cref="ArgumentException"><paramref name="signer"/> is not <see cref="Signer"/>.</exception>
    public OpenSessionRequest Sign(TicketSigner signer) => throw new NotImplementedException();

    /// <summary>
    /// Reads the fields of an untrusted request; false, with a reason, for a wrong version or a field of the wrong
    /// size. Does not check the signature or any expectation: <see cref="SessionRequestValidator"/> does.
    /// </summary>
    public static bool TryRead(OpenSessionRequest message, [NotNullWhen(true)] out SessionRequest? request,
        [NotNullWhen(false)] out string? error) => throw new NotImplementedException();
}
