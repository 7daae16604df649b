using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Dvpn.WireGuard;

/// <summary>
/// A Curve25519 private key. Held in pinned memory, zeroed on dispose, never printed: <see cref="ToString"/> shows
/// the public key only. Keys are clamped as X25519 requires (RFC 7748 §5), so every key maps to a valid scalar.
/// </summary>
public sealed class PrivateKey : SecretKeyMaterial
{
    private PrivateKey(ReadOnlySpan<byte> bytes) : base(bytes)
    {
        byte[] k = Buffer;
        k[0] &= 248;
        k[31] = (byte)((k[31] & 127) | 64);
        byte[] pub = new byte[PublicKey.Size];
        X25519.ScalarMultBase(k, 0, pub, 0); // reads the pinned buffer in place: no copy of the secret
        PublicKey = new PublicKey(pub);
    }

    /// <summary>The matching public key.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>A new key from <see cref="RandomNumberGenerator"/>.</summary>
    public static PrivateKey Generate()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        try
        {
            return new PrivateKey(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>A key from its 32 bytes (clamped on the way in).</summary>
    public static PrivateKey FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    /// <summary>Parses the base64 form.</summary>
    /// <exception cref="FormatException">Not a 32-byte base64 key.</exception>
    public static PrivateKey ParseBase64(string text) => Parse(text, hex: false, b => new PrivateKey(b));

    /// <summary>Parses the hex form.</summary>
    /// <exception cref="FormatException">Not a 64-digit hex key.</exception>
    public static PrivateKey ParseHex(string text) => Parse(text, hex: true, b => new PrivateKey(b));

    /// <summary>Parses the base64 form; false (and no exception) for bad text.</summary>
    public static bool TryParseBase64([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PrivateKey? key) =>
        TryParse(text, hex: false, b => new PrivateKey(b), out key);

    /// <summary>Parses the hex form; false (and no exception) for bad text.</summary>
    public static bool TryParseHex([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PrivateKey? key) =>
        TryParse(text, hex: true, b => new PrivateKey(b), out key);

    /// <summary>Shows the public key only.</summary>
    public override string ToString() => $"PrivateKey(public {PublicKey})";
}
