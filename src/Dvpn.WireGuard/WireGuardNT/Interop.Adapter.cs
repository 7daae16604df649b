using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.WireGuardNT;

[SupportedOSPlatform("windows")]
internal static partial class Interop
{
    /// <summary>
    /// <c>WireGuardCreateAdapter(LPCWSTR Name, LPCWSTR TunnelType, const GUID *RequestedGUID)</c>. Returns an invalid
    /// handle on failure (see GetLastError). Closing the handle removes the adapter again.
    /// </summary>
    [LibraryImport(LibraryName, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    internal static unsafe partial WireGuardAdapterHandle WireGuardCreateAdapter(string name, string tunnelType, Guid* requestedGuid);

    /// <summary><c>WireGuardOpenAdapter(LPCWSTR Name)</c>: ERROR_FILE_NOT_FOUND when there is no such adapter.</summary>
    [LibraryImport(LibraryName, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial WireGuardAdapterHandle WireGuardOpenAdapter(string name);

    /// <summary>
    /// <c>VOID WireGuardCloseAdapter(WIREGUARD_ADAPTER_HANDLE)</c>. Called only from
    /// <see cref="WireGuardAdapterHandle.ReleaseHandle"/>, hence the raw pointer. It reports no error, so SetLastError
    /// is off: turning it on would only overwrite the last-error slot during a handle's release.
    /// </summary>
    [LibraryImport(LibraryName)]
    internal static partial void WireGuardCloseAdapter(nint adapter);

    /// <summary><c>VOID WireGuardGetAdapterLUID(Adapter, NET_LUID *Luid)</c>; NET_LUID is a 64-bit union. Cannot fail.</summary>
    [LibraryImport(LibraryName)]
    internal static partial void WireGuardGetAdapterLUID(WireGuardAdapterHandle adapter, out ulong luid);

    /// <summary><c>BOOL WireGuardSetAdapterState(Adapter, WIREGUARD_ADAPTER_STATE)</c>. Sockets belong to the caller's process.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool WireGuardSetAdapterState(WireGuardAdapterHandle adapter, WireGuardAdapterState state);

    /// <summary><c>BOOL WireGuardGetAdapterState(Adapter, WIREGUARD_ADAPTER_STATE *State)</c>.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool WireGuardGetAdapterState(WireGuardAdapterHandle adapter, out WireGuardAdapterState state);

    /// <summary>
    /// <c>DWORD WireGuardGetRunningDriverVersion(VOID)</c>: major in the high 16 bits, minor in the low 16; zero with
    /// ERROR_FILE_NOT_FOUND while the driver is not loaded (it loads with the first adapter).
    /// </summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial uint WireGuardGetRunningDriverVersion();
}
