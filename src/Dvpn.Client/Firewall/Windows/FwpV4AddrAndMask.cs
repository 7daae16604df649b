using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWP_V4_ADDR_AND_MASK</c> (fwptypes.h): <c>UINT32 addr; UINT32 mask;</c>, both in host byte order
/// (10.0.0.0/8 is 0x0A000000 / 0xFF000000). 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpV4AddrAndMask
{
    /// <summary><c>addr</c>.</summary>
    public uint Address;

    /// <summary><c>mask</c>.</summary>
    public uint Mask;
}
