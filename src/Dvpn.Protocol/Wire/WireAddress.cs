using Dvpn.Chain.Tickets;
using Google.Protobuf;

namespace Dvpn.Protocol.Wire;

/// <summary>Ethereum addresses on the wire: exactly 20 bytes.</summary>
public static class WireAddress
{
    /// <summary>The 20 bytes of <paramref name="address"/>.</summary>
    public static ByteString ToBytes(EthAddress address) => ByteString.CopyFrom(address.ToArray());

    /// <summary>Reads an address; false unless exactly 20 bytes.</summary>
    public static bool TryRead(ByteString bytes, out EthAddress address)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length != EthAddress.Size)
        {
            address = default;
            return false;
        }

        address = new EthAddress(bytes.Span);
        return true;
    }
}
