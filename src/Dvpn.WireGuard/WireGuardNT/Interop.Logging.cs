using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.WireGuardNT;

[SupportedOSPlatform("windows")]
internal static partial class Interop
{
    /// <summary>
    /// <c>VOID WireGuardSetLogger(WIREGUARD_LOGGER_CALLBACK NewLogger)</c>: one logger for the whole process, called
    /// from any thread; null turns logging off. The callback is
    /// <c>VOID CALLBACK (WIREGUARD_LOGGER_LEVEL Level, DWORD64 Timestamp, LPCWSTR Message)</c>.
    /// </summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial void WireGuardSetLogger(delegate* unmanaged[Stdcall]<WireGuardLoggerLevel, ulong, char*, void> newLogger);

    /// <summary><c>BOOL WireGuardSetAdapterLogging(Adapter, WIREGUARD_ADAPTER_LOG_STATE)</c>.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool WireGuardSetAdapterLogging(WireGuardAdapterHandle adapter, WireGuardAdapterLogState logState);
}
