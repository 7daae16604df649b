using System.Runtime.Versioning;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// Our own bindings to <c>wireguard.dll</c> (WireGuardNT), after the current <c>api/wireguard.h</c>: the adapter
/// functions, configuration and logging live in their own files. The DLL is loaded by name, so it must sit next to
/// the application (it is signed by WireGuard LLC and must not be renamed or rebuilt).
/// </summary>
[SupportedOSPlatform("windows")]
internal static partial class Interop
{
    /// <summary>The file name LibraryImport and <see cref="System.Runtime.InteropServices.NativeLibrary"/> load.</summary>
    internal const string LibraryName = "wireguard.dll";
}
