using System.Numerics;
using Google.Protobuf;

namespace Dvpn.Protocol.Wire;

/// <summary>uint256 amounts on the wire: unsigned, big-endian, at most 32 bytes; zero is the empty string.</summary>
public static class WireAmount
{
    private static readonly BigInteger s_limit = BigInteger.One << (8 * ProtocolConstants.MaxAmountSize);

    /// <summary>The minimal big-endian encoding of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or at least 2^256.</exception>
    public static ByteString ToBytes(BigInteger value)
    {
        if (value.Sign < 0 || value >= s_limit)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "an amount is a uint256");
        }

        return value.IsZero ? ByteString.Empty : ByteString.CopyFrom(value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    /// <summary>Reads an amount; false for more than 32 bytes. Leading zero bytes are accepted.</summary>
    public static bool TryRead(ByteString bytes, out BigInteger value)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > ProtocolConstants.MaxAmountSize)
        {
            value = default;
            return false;
        }

        value = new BigInteger(bytes.Span, isUnsigned: true, isBigEndian: true);
        return true;
    }
}
