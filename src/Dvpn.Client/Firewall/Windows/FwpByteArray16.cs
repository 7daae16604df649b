using System.Runtime.CompilerServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWP_BYTE_ARRAY16</c> (fwptypes.h): <c>UINT8 byteArray16[16];</c>, an IPv6 address in network order.</summary>
[InlineArray(Length)]
internal struct FwpByteArray16
{
    /// <summary>The array's length.</summary>
    public const int Length = 16;

    private byte _element0;
}
