using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWP_V6_ADDR_AND_MASK</c> (fwptypes.h): <c>UINT8 addr[16]; UINT8 prefixLength;</c>. 17 bytes,
/// byte-aligned.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpV6AddrAndMask
{
    /// <summary><c>addr</c>, network order.</summary>
    public FwpByteArray16 Address;

    /// <summary><c>prefixLength</c>, 0 to 128.</summary>
    public byte PrefixLength;
}
