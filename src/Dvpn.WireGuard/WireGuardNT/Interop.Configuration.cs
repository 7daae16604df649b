using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.WireGuardNT;

[SupportedOSPlatform("windows")]
internal static partial class Interop
{
    /// <summary>
    /// <c>BOOL WireGuardSetConfiguration(Adapter, const WIREGUARD_INTERFACE *Config, DWORD Bytes)</c>. The buffer is a
    /// WIREGUARD_INTERFACE followed by its peers, each followed by its allowed IPs (see <see cref="NativeLayout"/>).
    /// </summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static unsafe partial bool WireGuardSetConfiguration(WireGuardAdapterHandle adapter, byte* config, uint bytes);

    /// <summary>
    /// <c>BOOL WireGuardGetConfiguration(Adapter, WIREGUARD_INTERFACE *Config, DWORD *Bytes)</c>. On ERROR_MORE_DATA
    /// <paramref name="bytes"/> is updated to the size needed, which may change before the next call.
    /// </summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static unsafe partial bool WireGuardGetConfiguration(WireGuardAdapterHandle adapter, byte* config, ref uint bytes);
}
