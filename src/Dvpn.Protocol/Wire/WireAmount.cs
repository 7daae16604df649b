using System.Numerics;
using Google.Protobuf;

namespace Dvpn.Protocol.Wire;

/// <summary>uint256 amounts on the wire: unsigned, big-endian, at most 32 bytes; zero is the empty string.</summary>
public static class WireAmount
{
    /// <summary>The minimal big-endian encoding of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or at least 2^256.</exception>
    public static ByteString ToBytes(BigInteger value) => throw new NotImplementedException();

    /// <summary>Reads an amount; false for more than 32 bytes. Leading zero bytes are accepted.</summary>
    public static bool TryRead(ByteString bytes, out BigInteger value) => throw new NotImplementedException();
}
