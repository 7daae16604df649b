using Dvpn.Chain.Tickets;
using Google.Protobuf;

namespace Dvpn.Protocol.Wire;

/// <summary>Ethereum addresses on the wire: exactly 20 bytes.</summary>
public static class WireAddress
{
    /// <summary>The 20 bytes of <paramref name="address"/>.</summary>
    public static ByteString ToBytes(EthAddress address) => throw new NotImplementedException();

    /// <summary>Reads an address; false unless exactly 20 bytes.</summary>
    public static bool TryRead(ByteString bytes, out EthAddress address) => throw new NotImplementedException();
}
