using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Dvpn.WireGuard;

/// <summary>A Curve25519 public key (32 bytes). Base64 is WireGuard's usual text form; UAPI uses hex.</summary>
public readonly struct PublicKey : IEquatable<PublicKey>
{
    /// <summary>The size of a key in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    /// <summary>Creates a key from its 32 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public PublicKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a WireGuard key is {Size} bytes, not {bytes.Length}", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
    }

    /// <summary>True for the all-zero key (never a valid peer).</summary>
    public bool IsZero => (_a | _b | _c | _d) == 0;

    /// <summary>Writes the 32 bytes to <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _d);
    }

    /// <summary>The 32 bytes.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>The base64 form (44 characters).</summary>
    public string ToBase64()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The lower-case hex form (64 characters), as UAPI writes keys.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Parses the base64 form; false for anything that is not exactly 32 bytes of base64.</summary>
    public static bool TryParseBase64([NotNullWhen(true)] string? text, out PublicKey key) =>
        KeyText.TryDecodeBase64(text, out key);

    /// <summary>Parses the hex form; false for anything that is not exactly 64 hex digits.</summary>
    public static bool TryParseHex([NotNullWhen(true)] string? text, out PublicKey key) =>
        KeyText.TryDecodeHex(text, out key);

    /// <summary>Parses the base64 form.</summary>
    /// <exception cref="FormatException">Not a 32-byte base64 key.</exception>
    public static PublicKey ParseBase64(string text) =>
        TryParseBase64(text, out PublicKey key) ? key : throw new FormatException("not a base64 WireGuard key (44 characters, 32 bytes)");

    /// <summary>Parses the hex form.</summary>
    /// <exception cref="FormatException">Not a 64-digit hex key.</exception>
    public static PublicKey ParseHex(string text) =>
        TryParseHex(text, out PublicKey key) ? key : throw new FormatException("not a hex WireGuard key (64 hex digits)");

    /// <inheritdoc />
    public bool Equals(PublicKey other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PublicKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    /// <summary>The base64 form: public keys are not secret.</summary>
    public override string ToString() => ToBase64();

    /// <summary>Equality.</summary>
    public static bool operator ==(PublicKey left, PublicKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PublicKey left, PublicKey right) => !left.Equals(right);
}
