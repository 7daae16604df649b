using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Dvpn.WireGuard;

/// <summary>A WireGuard preshared key (32 random bytes, mixed into the handshake). Zeroed on dispose, never printed.</summary>
public sealed class PresharedKey : SecretKeyMaterial
{
    private PresharedKey(ReadOnlySpan<byte> bytes) : base(bytes)
    {
    }

    /// <summary>A new key from <see cref="RandomNumberGenerator"/>.</summary>
    public static PresharedKey Generate()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        try
        {
            return new PresharedKey(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>A key from its 32 bytes.</summary>
    public static PresharedKey FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    /// <summary>Parses the base64 form.</summary>
    /// <exception cref="FormatException">Not a 32-byte base64 key.</exception>
    public static PresharedKey ParseBase64(string text) => Parse(text, hex: false, b => new PresharedKey(b));

    /// <summary>Parses the hex form.</summary>
    /// <exception cref="FormatException">Not a 64-digit hex key.</exception>
    public static PresharedKey ParseHex(string text) => Parse(text, hex: true, b => new PresharedKey(b));

    /// <summary>Parses the base64 form; false (and no exception) for bad text.</summary>
    public static bool TryParseBase64([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PresharedKey? key) =>
        TryParse(text, hex: false, b => new PresharedKey(b), out key);

    /// <summary>Parses the hex form; false (and no exception) for bad text.</summary>
    public static bool TryParseHex([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PresharedKey? key) =>
        TryParse(text, hex: true, b => new PresharedKey(b), out key);

    /// <summary>Never shows the key.</summary>
    public override string ToString() => "PresharedKey(hidden)";
}
