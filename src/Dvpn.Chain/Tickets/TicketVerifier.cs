using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Dvpn.Chain.Tickets.Secp256k1;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// Checks ticket signatures for one EIP-712 domain (the provider's hot path). Every method returns a value for
/// any input (wrong length, bad v, high s, r or s out of range, points off the curve) and never throws on it.
/// The rules are the contract's: the signature must recover, with Ethereum's ecrecover, to the signer.
/// Recovery runs on our own secp256k1 code. <see cref="Verify(SignedTicket, EthAddress)"/> remembers the public keys
/// of signers it has verified (with precomputed tables, <see cref="SignerPublicKey"/>) and checks their later
/// tickets without recovery, several times faster; thread-safe.
/// </summary>
public sealed class TicketVerifier
{
    /// <summary>The default number of signers whose keys are kept (about 86 KiB each).</summary>
    public const int DefaultSignerCacheSize = 256;

    private const int WordSize = 32;

    private readonly int _signerCacheSize;
    private readonly ConcurrentDictionary<EthAddress, SignerPublicKey> _signers = new();
    private readonly ConcurrentQueue<EthAddress> _signerOrder = new();

    /// <summary>Creates a verifier for tickets of <paramref name="domain"/>.</summary>
    /// <param name="domain">The domain tickets must be signed for.</param>
    /// <param name="signerCacheSize">
    /// How many signers' keys <see cref="Verify(SignedTicket, EthAddress)"/> keeps, oldest evicted first; 0 turns
    /// the cache off. Default <see cref="DefaultSignerCacheSize"/>.
    /// </param>
    public TicketVerifier(TicketDomain domain, int signerCacheSize = DefaultSignerCacheSize)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentOutOfRangeException.ThrowIfNegative(signerCacheSize);
        Domain = domain;
        _signerCacheSize = signerCacheSize;
    }

    /// <summary>The domain tickets must be signed for.</summary>
    public TicketDomain Domain { get; }

    /// <summary>
    /// Recovers who signed <paramref name="ticket"/> in this domain (ignoring the signer the ticket claims).
    /// </summary>
    public bool TryRecoverSigner(SignedTicket ticket, out EthAddress signer)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        Span<byte> digest = stackalloc byte[TicketDomain.HashSize];
        Domain.Digest(ticket.Ticket, digest);
        return TryRecoverSigner(digest, ticket.Signature, out signer);
    }

    /// <summary>
    /// True when <paramref name="ticket"/> is signed in this domain by <paramref name="expectedSigner"/> and names
    /// it as its signer (the claim carries the signer, so both must agree for the contract to pay). The first
    /// success for a signer recovers its key and caches it (about a millisecond); later tickets from that signer
    /// take the fast path of <see cref="Verify(SignedTicket, SignerPublicKey)"/>.
    /// </summary>
    public bool Verify(SignedTicket ticket, EthAddress expectedSigner)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Signer != expectedSigner)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[TicketDomain.HashSize];
        Domain.Digest(ticket.Ticket, digest);
        if (_signers.TryGetValue(expectedSigner, out SignerPublicKey? known))
        {
            return known.Verify(digest, ticket.Signature);
        }

        if (!TryRecoverPoint(digest, ticket.Signature, out AffinePoint point))
        {
            return false;
        }

        Span<byte> publicKey = stackalloc byte[SignerPublicKey.Size];
        point.X.WriteTo(publicKey);
        point.Y.WriteTo(publicKey[32..]);
        if (EthAddress.FromPublicKey(publicKey) != expectedSigner)
        {
            return false;
        }

        if (_signerCacheSize > 0)
        {
            Remember(new SignerPublicKey(point));
        }

        return true;
    }

    private void Remember(SignerPublicKey key)
    {
        if (!_signers.TryAdd(key.Address, key))
        {
            return;
        }

        _signerOrder.Enqueue(key.Address);
        while (_signers.Count > _signerCacheSize && _signerOrder.TryDequeue(out EthAddress oldest))
        {
            _signers.TryRemove(oldest, out _);
        }
    }

    /// <summary>
    /// Like <see cref="Verify(SignedTicket, EthAddress)"/> against a key whose tables are already built: ECDSA
    /// verification with precomputed multiples of both points, no recovery.
    /// </summary>
    public bool Verify(SignedTicket ticket, SignerPublicKey expectedSigner)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(expectedSigner);
        if (ticket.Signer != expectedSigner.Address)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[TicketDomain.HashSize];
        Domain.Digest(ticket.Ticket, digest);
        return expectedSigner.Verify(digest, ticket.Signature);
    }

    /// <summary>
    /// Recovers the signer's public key from <paramref name="ticket"/> and builds its verification tables (about
    /// half a millisecond), for a session's first ticket when the key did not come with the session.
    /// </summary>
    public bool TryRecoverSignerKey(SignedTicket ticket, [NotNullWhen(true)] out SignerPublicKey? signerKey)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        signerKey = null;
        Span<byte> digest = stackalloc byte[TicketDomain.HashSize];
        Domain.Digest(ticket.Ticket, digest);
        if (!TryRecoverPoint(digest, ticket.Signature, out AffinePoint point))
        {
            return false;
        }

        signerKey = new SignerPublicKey(point);
        return true;
    }

    /// <summary>
    /// Ethereum's ecrecover on a 32-byte digest and a 65-byte <c>r ‖ s ‖ v</c> signature (v = 27 or 28, s low);
    /// false for anything else.
    /// </summary>
    public static bool TryRecoverSigner(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, out EthAddress signer)
    {
        signer = default;
        if (!TryRecoverPoint(digest, signature, out AffinePoint point))
        {
            return false;
        }

        Span<byte> publicKey = stackalloc byte[64];
        point.X.WriteTo(publicKey);
        point.Y.WriteTo(publicKey[32..]);
        signer = EthAddress.FromPublicKey(publicKey);
        return true;
    }

    private static bool TryRecoverPoint(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, out AffinePoint point)
    {
        point = default;
        return digest.Length == TicketDomain.HashSize
            && TryParseSignature(signature, out Scalar r, out Scalar s, out bool odd)
            && Curve.TryRecover(digest, r, s, odd, out point);
    }

    /// <summary>Splits <c>r ‖ s ‖ v</c>; false for a wrong length, r or s not below n, or v other than 27/28.</summary>
    internal static bool TryParseSignature(ReadOnlySpan<byte> signature, out Scalar r, out Scalar s, out bool odd)
    {
        r = default;
        s = default;
        odd = false;
        if (signature.Length != SignedTicket.SignatureSize)
        {
            return false;
        }

        byte v = signature[2 * WordSize];
        if (v is not (27 or 28))
        {
            return false;
        }

        odd = v == 28;
        return Scalar.TryRead(signature[..WordSize], out r) && Scalar.TryRead(signature.Slice(WordSize, WordSize), out s);
    }
}
