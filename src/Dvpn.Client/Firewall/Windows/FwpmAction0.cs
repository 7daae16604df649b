using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWPM_ACTION0</c> (fwpmtypes.h): <c>FWP_ACTION_TYPE type; union { GUID filterType; GUID calloutKey; };</c>.
/// GUIDs are 4-aligned, so 20 bytes with the GUID at 4.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpmAction0
{
    /// <summary><c>type</c>: <c>FWP_ACTION_BLOCK</c> or <c>FWP_ACTION_PERMIT</c>.</summary>
    public uint Type;

    /// <summary><c>filterType</c>/<c>calloutKey</c> (unused by plain block/permit filters).</summary>
    public Guid FilterType;
}
