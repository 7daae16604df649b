using System.Security.Cryptography;
using Dvpn.Chain.Tickets.Secp256k1;
using Dvpn.Chain.Wallet;
using Context = NBitcoin.Secp256k1.Context;
using ECPrivKey = NBitcoin.Secp256k1.ECPrivKey;
using SecpRecoverableECDSASignature = NBitcoin.Secp256k1.SecpRecoverableECDSASignature;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// Signs tickets for one EIP-712 domain with one key (the client side). Signatures are deterministic (RFC 6979),
/// low-s, with v = 27 or 28, and each is checked by recovering it before it is returned, so a faulty signature
/// never leaves the process. Thread-safe.
/// </summary>
/// <remarks>
/// Signing goes straight to NBitcoin.Secp256k1 (the constant-time libsecp256k1 port Nethereum itself uses when
/// <c>EthECKey.SignRecoverable</c> is set), holding one private-key object that <see cref="Dispose"/> wipes. Not
/// through <c>EthECKey</c>: with <c>SignRecoverable = true</c>, Nethereum 6.1.0 throws "b32 should be of length 32"
/// for every key whose first byte is zero (1 key in 256), because it passes the key as a minimal-length integer.
/// </remarks>
public sealed class TicketSigner : IDisposable
{
    private readonly ECPrivKey _key;
    private readonly byte[] _publicKey;
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Creates a signer for <paramref name="domain"/> with a copy of <paramref name="key"/>'s secret.</summary>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public TicketSigner(SignerKey key, TicketDomain domain)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(domain);
        Domain = domain;
        Address = key.Address;
        _publicKey = key.PublicKey.ToArray();
        _key = Context.Instance.CreateECPrivKey(key.PrivateKey);
    }

    /// <summary>The domain tickets are signed for.</summary>
    public TicketDomain Domain { get; }

    /// <summary>The signer's address.</summary>
    public EthAddress Address { get; }

    /// <summary>The signer's public key, x ‖ y (64 bytes); send it to a provider so it can verify fast.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Signs <paramref name="ticket"/>.</summary>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    /// <exception cref="CryptographicException">The signature failed its own check (a fault; nothing was leaked).</exception>
    public SignedTicket Sign(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        Span<byte> digest = stackalloc byte[TicketDomain.HashSize];
        Domain.Digest(ticket, digest);
        Span<byte> signature = stackalloc byte[SignedTicket.SignatureSize];
        SignDigest(digest, signature);
        return new SignedTicket(ticket, Address, signature);
    }

    /// <summary>
    /// Signs a 32-byte message digest that the caller built with its own domain tag (for example an OpenSession
    /// request of the session protocol), writing Ethereum's 65-byte <c>r ‖ s ‖ v</c> form (v = 27 or 28, low s),
    /// which <see cref="TicketVerifier.TryRecoverSigner(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out EthAddress)"/>
    /// recovers. Never sign a digest an untrusted party chose: a digest that collides with a ticket's would be a ticket.
    /// </summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes or the destination is not 65.</exception>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    /// <exception cref="CryptographicException">The signature failed its own check (a fault; nothing was leaked).</exception>
    public void SignDigest(ReadOnlySpan<byte> digest, Span<byte> signature)
    {
        if (digest.Length != TicketDomain.HashSize)
        {
            throw new ArgumentException($"a digest is {TicketDomain.HashSize} bytes", nameof(digest));
        }

        if (signature.Length != SignedTicket.SignatureSize)
        {
            throw new ArgumentException($"a signature is {SignedTicket.SignatureSize} bytes", nameof(signature));
        }

        int recoveryId;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_key.TrySignRecoverable(digest, out SecpRecoverableECDSASignature? raw) || raw is null)
            {
                throw new CryptographicException("the signing library could not sign the digest");
            }

            raw.WriteToSpanCompact(signature[..64], out recoveryId);
        }

        if (recoveryId is not (0 or 1) || !Scalar.TryRead(signature.Slice(32, 32), out Scalar s))
        {
            // Ids 2 and 3 (R.x >= n, probability about 2^-128) have no 27/28 v.
            throw new CryptographicException("the signature cannot be expressed with v = 27 or 28");
        }

        if (s.IsHigh)
        {
            // libsecp256k1 already normalizes; kept so the invariant does not hang on a dependency's default.
            Scalar.Negate(s, out s);
            s.WriteTo(signature.Slice(32, 32));
            recoveryId ^= 1;
        }

        signature[64] = (byte)(27 + recoveryId);

        if (!TicketVerifier.TryRecoverSigner(digest, signature, out EthAddress recovered) || recovered != Address)
        {
            throw new CryptographicException("a fresh signature did not recover to the signer");
        }
    }

    /// <summary>Wipes the private key.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _key.Dispose();
            }
        }
    }

    /// <summary>The address and domain; never key material.</summary>
    public override string ToString() => $"TicketSigner({Address}, {Domain})";
}
