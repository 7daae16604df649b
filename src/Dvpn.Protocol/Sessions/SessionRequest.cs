using System.Diagnostics.CodeAnalysis;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Google.Protobuf;

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
    /// <summary>The domain tag: keccak256 of <c>"dvpn.provider.v1.OpenSession"</c>.</summary>
    public static ReadOnlySpan<byte> DomainTag => s_domainTag;

    private static readonly byte[] s_domainTag = DigestWriter.Tag("dvpn.provider.v1.OpenSession");

    // tag, version, chain id, lottery, provider, key, funder, signer, token, timestamp, nonce, flag.
    private const int SignedSize = Keccak256.Size + sizeof(uint) + sizeof(ulong) + (2 * EthAddress.Size) + ProtocolConstants.WireGuardKeySize
        + (3 * EthAddress.Size) + sizeof(ulong) + ProtocolConstants.RequestNonceSize + 1;

    /// <summary>The timestamp as unix seconds, as signed.</summary>
    public ulong UnixTimestamp => checked((ulong)Timestamp.ToUnixTimeSeconds());

    /// <summary>Creates a request for now with a fresh random request nonce.</summary>
    public static SessionRequest Create(ulong chainId, EthAddress lottery, EthAddress provider, ReadOnlySpan<byte> wireGuardPublicKey,
        EthAddress funder, EthAddress signer, EthAddress token, TimeProvider timeProvider, bool wantIpv6 = false)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (wireGuardPublicKey.Length != ProtocolConstants.WireGuardKeySize)
        {
            throw new ArgumentException($"a WireGuard key is {ProtocolConstants.WireGuardKeySize} bytes", nameof(wireGuardPublicKey));
        }

        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(timeProvider.GetUtcNow().ToUnixTimeSeconds());
        byte[] nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(ProtocolConstants.RequestNonceSize);
        return new SessionRequest(chainId, lottery, provider, wireGuardPublicKey.ToArray(), funder, signer, token, now, nonce, wantIpv6);
    }

    /// <summary>keccak256 of the domain tag and the fields (32 bytes).</summary>
    /// <exception cref="InvalidOperationException">A key or nonce of the wrong size, or a timestamp before 1970.</exception>
    public byte[] Digest()
    {
        if (WireGuardPublicKey.Length != ProtocolConstants.WireGuardKeySize || RequestNonce.Length != ProtocolConstants.RequestNonceSize
            || Timestamp.ToUnixTimeSeconds() < 0)
        {
            throw new InvalidOperationException("the request has a key or nonce of the wrong size, or a timestamp before 1970");
        }

        Span<byte> buffer = stackalloc byte[SignedSize];
        var writer = new DigestWriter(buffer, s_domainTag);
        writer.WriteUInt32(ProtocolConstants.ProtocolVersion);
        writer.WriteUInt64(ChainId);
        writer.WriteAddress(Lottery);
        writer.WriteAddress(Provider);
        writer.WriteBytes(WireGuardPublicKey.Span);
        writer.WriteAddress(Funder);
        writer.WriteAddress(Signer);
        writer.WriteAddress(Token);
        writer.WriteUInt64(UnixTimestamp);
        writer.WriteBytes(RequestNonce.Span);
        writer.WriteBoolean(WantIpv6);
        return writer.Finish();
    }

    /// <summary>Signs the request with the account's signer and returns the wire message.</summary>
    /// <exception cref="ArgumentException"><paramref name="signer"/> is not <see cref="Signer"/>.</exception>
    public OpenSessionRequest Sign(TicketSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (signer.Address != Signer)
        {
            throw new ArgumentException($"the request names signer {Signer}, not {signer.Address}", nameof(signer));
        }

        byte[] signature = new byte[SignedTicket.SignatureSize];
        signer.SignDigest(Digest(), signature);
        return new OpenSessionRequest
        {
            ProtocolVersion = ProtocolConstants.ProtocolVersion,
            ChainId = ChainId,
            Lottery = WireAddress.ToBytes(Lottery),
            Provider = WireAddress.ToBytes(Provider),
            WireguardPublicKey = ByteString.CopyFrom(WireGuardPublicKey.Span),
            Funder = WireAddress.ToBytes(Funder),
            Signer = WireAddress.ToBytes(Signer),
            Token = WireAddress.ToBytes(Token),
            Timestamp = UnixTimestamp,
            RequestNonce = ByteString.CopyFrom(RequestNonce.Span),
            WantIpv6 = WantIpv6,
            Signature = ByteString.CopyFrom(signature),
        };
    }

    /// <summary>
    /// Reads the fields of an untrusted request; false, with a reason, for a wrong version or a field of the wrong
    /// size. Does not check the signature or any expectation: <see cref="SessionRequestValidator"/> does.
    /// </summary>
    public static bool TryRead(OpenSessionRequest message, [NotNullWhen(true)] out SessionRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(message);
        request = null;
        error = message switch
        {
            _ when message.ProtocolVersion != ProtocolConstants.ProtocolVersion =>
                $"protocol version {message.ProtocolVersion} is not {ProtocolConstants.ProtocolVersion}",
            _ when message.WireguardPublicKey.Length != ProtocolConstants.WireGuardKeySize =>
                $"wireguard_public_key is not {ProtocolConstants.WireGuardKeySize} bytes",
            _ when message.RequestNonce.Length != ProtocolConstants.RequestNonceSize =>
                $"request_nonce is not {ProtocolConstants.RequestNonceSize} bytes",
            _ when message.Signature.Length != SignedTicket.SignatureSize => $"signature is not {SignedTicket.SignatureSize} bytes",
            _ when message.Timestamp > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds() => "timestamp is out of range",
            _ => null,
        };
        if (error is not null)
        {
            return false;
        }

        if (!WireAddress.TryRead(message.Lottery, out EthAddress lottery) || !WireAddress.TryRead(message.Provider, out EthAddress provider)
            || !WireAddress.TryRead(message.Funder, out EthAddress funder) || !WireAddress.TryRead(message.Signer, out EthAddress signer)
            || !WireAddress.TryRead(message.Token, out EthAddress token))
        {
            error = "an address field is not 20 bytes";
            return false;
        }

        request = new SessionRequest(message.ChainId, lottery, provider, message.WireguardPublicKey.ToByteArray(), funder, signer, token,
            DateTimeOffset.FromUnixTimeSeconds((long)message.Timestamp), message.RequestNonce.ToByteArray(), message.WantIpv6);
        return true;
    }
}
