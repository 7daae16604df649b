using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// A 20-byte Ethereum address. Parses hex with or without <c>0x</c>, enforcing the EIP-55 checksum when the text
/// is mixed-case, and prints the EIP-55 checksummed form. Orders as the uint160 it encodes.
/// </summary>
public readonly struct EthAddress : IEquatable<EthAddress>, IComparable<EthAddress>
{
    /// <summary>The size of an address in bytes.</summary>
    public const int Size = 20;

    private const int HexLength = Size * 2;

    // Big-endian: _hi holds bytes 0..7, _mid bytes 8..15, _lo bytes 16..19.
    private readonly ulong _hi;
    private readonly ulong _mid;
    private readonly uint _lo;

    /// <summary>Creates an address from its 20 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 20 bytes long.</exception>
    public EthAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an address is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        _hi = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _mid = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _lo = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    /// <summary>The zero address (the native coin as a token, or "no address").</summary>
    public static EthAddress Zero => default;

    /// <summary>True for the zero address.</summary>
    public bool IsZero => (_hi | _mid | _lo) == 0;

    /// <summary>Writes the 20 bytes to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"need {Size} bytes", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _hi);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _mid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _lo);
    }

    /// <summary>The 20 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>The address of an uncompressed public key: the last 20 bytes of keccak256(x ‖ y).</summary>
    /// <param name="publicKey">The 64-byte public key x ‖ y, big-endian, without the 0x04 prefix.</param>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is not 64 bytes long.</exception>
    public static EthAddress FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 64)
        {
            throw new ArgumentException("a public key is 64 bytes (x ‖ y, no prefix)", nameof(publicKey));
        }

        Span<byte> hash = stackalloc byte[Keccak256.Size];
        Keccak256.Hash(publicKey, hash);
        return new EthAddress(hash[(Keccak256.Size - Size)..]);
    }

    /// <summary>Parses hex with or without <c>0x</c>; mixed-case text must carry a valid EIP-55 checksum.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EthAddress address)
    {
        address = default;
        return text is not null && TryParse(text.AsSpan(), out address);
    }

    /// <summary>Parses hex with or without <c>0x</c>; mixed-case text must carry a valid EIP-55 checksum.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EthAddress address)
    {
        address = default;
        if (text.StartsWith("0x", StringComparison.Ordinal) || text.StartsWith("0X", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.Length != HexLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        bool hasUpper = false, hasLower = false;
        for (int i = 0; i < HexLength; i++)
        {
            char c = text[i];
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }

            hasUpper |= char.IsAsciiLetterUpper(c);
            hasLower |= char.IsAsciiLetterLower(c);
        }

        if (Convert.FromHexString(text, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        var candidate = new EthAddress(bytes);
        if (hasUpper && hasLower)
        {
            Span<char> expected = stackalloc char[HexLength];
            candidate.FormatChecksummed(expected);
            if (!text.SequenceEqual(expected))
            {
                return false;
            }
        }

        address = candidate;
        return true;
    }

    /// <summary>Parses like <see cref="TryParse(string?, out EthAddress)"/>.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not an address or has a wrong checksum.</exception>
    public static EthAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out EthAddress address)
            ? address
            : throw new FormatException("not a 20-byte hex address with a valid EIP-55 checksum");
    }

    /// <summary>The EIP-55 checksummed form, with <c>0x</c>.</summary>
    public override string ToString() => string.Create(2 + HexLength, this, static (chars, address) =>
    {
        chars[0] = '0';
        chars[1] = 'x';
        address.FormatChecksummed(chars[2..]);
    });

    private void FormatChecksummed(Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        Span<byte> lower = stackalloc byte[HexLength];
        for (int i = 0; i < Size; i++)
        {
            lower[2 * i] = (byte)"0123456789abcdef"[bytes[i] >> 4];
            lower[(2 * i) + 1] = (byte)"0123456789abcdef"[bytes[i] & 0xF];
        }

        Span<byte> hash = stackalloc byte[Keccak256.Size];
        Keccak256.Hash(lower, hash);
        for (int i = 0; i < HexLength; i++)
        {
            char c = (char)lower[i];
            int nibble = (i & 1) == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0xF;
            destination[i] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
    }

    /// <inheritdoc/>
    public bool Equals(EthAddress other) => _hi == other._hi && _mid == other._mid && _lo == other._lo;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EthAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_hi, _mid, _lo);

    /// <inheritdoc/>
    public int CompareTo(EthAddress other)
    {
        int c = _hi.CompareTo(other._hi);
        if (c == 0)
        {
            c = _mid.CompareTo(other._mid);
        }

        return c != 0 ? c : _lo.CompareTo(other._lo);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(EthAddress left, EthAddress right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(EthAddress left, EthAddress right) => !left.Equals(right);

    /// <summary>Orders as uint160.</summary>
    public static bool operator <(EthAddress left, EthAddress right) => left.CompareTo(right) < 0;

    /// <summary>Orders as uint160.</summary>
    public static bool operator >(EthAddress left, EthAddress right) => left.CompareTo(right) > 0;

    /// <summary>Orders as uint160.</summary>
    public static bool operator <=(EthAddress left, EthAddress right) => left.CompareTo(right) <= 0;

    /// <summary>Orders as uint160.</summary>
    public static bool operator >=(EthAddress left, EthAddress right) => left.CompareTo(right) >= 0;
}
