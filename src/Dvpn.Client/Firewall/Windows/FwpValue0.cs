using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// <c>FWP_VALUE0</c> and <c>FWP_CONDITION_VALUE0</c> (fwptypes.h; both are <c>{ FWP_DATA_TYPE type; union { ... }; }</c>
/// and the union's widest member is a pointer). Small numbers (UINT8/16/32) sit in the low bytes of
/// <see cref="Value"/> (every Windows target is little-endian); 64-bit numbers, byte arrays and masks are pointers.
/// x64: 16 bytes, <see cref="Value"/> at 8.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpValue0
{
    /// <summary><c>FWP_DATA_TYPE type</c> (<see cref="WfpConstants"/> <c>Fwp*</c> data types).</summary>
    public uint Type;

    /// <summary>The union: a small number or a pointer.</summary>
    public nint Value;
}
