using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWP_BYTE_BLOB</c> (fwptypes.h): <c>UINT32 size; UINT8* data;</c>. x64: 16 bytes, data at 8.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpByteBlob
{
    /// <summary><c>size</c>.</summary>
    public uint Size;

    /// <summary><c>data</c>.</summary>
    public nint Data;
}
