using System.Diagnostics.CodeAnalysis;
using Dvpn.Chain.Tickets.Secp256k1;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// A signer's public key with precomputed multiples (60 KiB), so that checking its signatures needs no recovery
/// and no point doublings. Build one per session signer (from the key the client sends at session open, or with
/// <see cref="TicketVerifier.TryRecoverSignerKey"/>) and reuse it for every ticket; immutable and thread-safe.
/// </summary>
public sealed class SignerPublicKey
{
    /// <summary>The size of an encoded public key, x ‖ y without the 0x04 prefix.</summary>
    public const int Size = 64;

    private readonly byte[] _encoded;
    private readonly FixedBaseTable _table;

    internal SignerPublicKey(in AffinePoint point)
    {
        _encoded = new byte[Size];
        point.X.WriteTo(_encoded);
        point.Y.WriteTo(_encoded.AsSpan(32));
        Address = EthAddress.FromPublicKey(_encoded);
        _table = Curve.CreateKeyTable(point);
    }

    /// <summary>The address of the key.</summary>
    public EthAddress Address { get; }

    /// <summary>The key as x ‖ y (64 bytes).</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>
    /// Parses an uncompressed public key: 64 bytes x ‖ y, or 65 with the 0x04 prefix. False when the point is not on
    /// the curve or a coordinate is out of range.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<byte> publicKey, [NotNullWhen(true)] out SignerPublicKey? key)
    {
        key = null;
        if (publicKey.Length == Size + 1 && publicKey[0] == 0x04)
        {
            publicKey = publicKey[1..];
        }

        if (publicKey.Length != Size
            || !FieldElement.TryRead(publicKey[..32], out FieldElement x)
            || !FieldElement.TryRead(publicKey[32..], out FieldElement y))
        {
            return false;
        }

        var point = new AffinePoint(x, y);
        if (!point.IsOnCurve())
        {
            return false;
        }

        key = new SignerPublicKey(point);
        return true;
    }

    /// <summary>
    /// True when the 65-byte <c>r ‖ s ‖ v</c> <paramref name="signature"/> over <paramref name="digest"/> recovers,
    /// under ecrecover's rules, to this key; false for anything else, never throwing.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature) =>
        digest.Length == TicketDomain.HashSize
        && TicketVerifier.TryParseSignature(signature, out Scalar r, out Scalar s, out bool odd)
        && Curve.Verify(digest, r, s, odd, _table);

    /// <inheritdoc/>
    public override string ToString() => $"SignerPublicKey({Address})";
}
