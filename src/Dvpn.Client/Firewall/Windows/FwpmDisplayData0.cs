using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWPM_DISPLAY_DATA0</c> (fwptypes.h): <c>wchar_t* name; wchar_t* description;</c>. x64: 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpmDisplayData0
{
    /// <summary><c>name</c> (UTF-16, NUL-terminated; required for every object we add).</summary>
    public nint Name;

    /// <summary><c>description</c> (may be null).</summary>
    public nint Description;
}
