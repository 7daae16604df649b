using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// The fwpuclnt.dll (Windows Filtering Platform management API, fwpmu.h) and iphlpapi.dll (netioapi.h) functions the
/// kill switch calls. Every one returns its error code (a <c>DWORD</c>: Win32 error, <c>FWP_E_*</c> or RPC status)
/// instead of setting the thread's last error, so none uses <c>SetLastError</c>.
/// </summary>
/// <remarks>Written and compiled, not run: this machine has no Windows.</remarks>
[SupportedOSPlatform("windows")]
internal static unsafe partial class WfpNative
{
    private const string Fwpuclnt = "fwpuclnt.dll";
    private const string Iphlpapi = "iphlpapi.dll";

    /// <summary><c>DWORD FwpmEngineOpen0(const wchar_t* serverName, UINT32 authnService,
    /// SEC_WINNT_AUTH_IDENTITY_W* authIdentity, const FWPM_SESSION0* session, HANDLE* engineHandle)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmEngineOpen0(nint serverName, uint authnService, nint authIdentity, FwpmSession0* session, out WfpEngineHandle engineHandle);

    /// <summary><c>DWORD FwpmEngineClose0(HANDLE engineHandle)</c> (only <see cref="WfpEngineHandle"/> calls it).</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmEngineClose0(nint engineHandle);

    /// <summary><c>DWORD FwpmTransactionBegin0(HANDLE engineHandle, UINT32 flags)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmTransactionBegin0(WfpEngineHandle engineHandle, uint flags);

    /// <summary><c>DWORD FwpmTransactionCommit0(HANDLE engineHandle)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmTransactionCommit0(WfpEngineHandle engineHandle);

    /// <summary><c>DWORD FwpmTransactionAbort0(HANDLE engineHandle)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmTransactionAbort0(WfpEngineHandle engineHandle);

    /// <summary><c>DWORD FwpmProviderAdd0(HANDLE engineHandle, const FWPM_PROVIDER0* provider, PSECURITY_DESCRIPTOR sd)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmProviderAdd0(WfpEngineHandle engineHandle, FwpmProvider0* provider, nint sd);

    /// <summary><c>DWORD FwpmProviderDeleteByKey0(HANDLE engineHandle, const GUID* key)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmProviderDeleteByKey0(WfpEngineHandle engineHandle, in Guid key);

    /// <summary><c>DWORD FwpmProviderGetByKey0(HANDLE engineHandle, const GUID* key, FWPM_PROVIDER0** provider)</c>;
    /// free the result with <see cref="FwpmFreeMemory0"/>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmProviderGetByKey0(WfpEngineHandle engineHandle, in Guid key, out nint provider);

    /// <summary><c>DWORD FwpmSubLayerAdd0(HANDLE engineHandle, const FWPM_SUBLAYER0* subLayer, PSECURITY_DESCRIPTOR sd)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmSubLayerAdd0(WfpEngineHandle engineHandle, FwpmSubLayer0* subLayer, nint sd);

    /// <summary><c>DWORD FwpmSubLayerDeleteByKey0(HANDLE engineHandle, const GUID* key)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmSubLayerDeleteByKey0(WfpEngineHandle engineHandle, in Guid key);

    /// <summary><c>DWORD FwpmSubLayerGetByKey0(HANDLE engineHandle, const GUID* key, FWPM_SUBLAYER0** subLayer)</c>;
    /// free the result with <see cref="FwpmFreeMemory0"/>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmSubLayerGetByKey0(WfpEngineHandle engineHandle, in Guid key, out nint subLayer);

    /// <summary><c>DWORD FwpmFilterAdd0(HANDLE engineHandle, const FWPM_FILTER0* filter, PSECURITY_DESCRIPTOR sd, UINT64* id)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmFilterAdd0(WfpEngineHandle engineHandle, FwpmFilter0* filter, nint sd, out ulong id);

    /// <summary><c>DWORD FwpmFilterDeleteByKey0(HANDLE engineHandle, const GUID* key)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmFilterDeleteByKey0(WfpEngineHandle engineHandle, in Guid key);

    /// <summary><c>DWORD FwpmFilterCreateEnumHandle0(HANDLE engineHandle, const FWPM_FILTER_ENUM_TEMPLATE0* enumTemplate,
    /// HANDLE* enumHandle)</c>; a null template enumerates every filter.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmFilterCreateEnumHandle0(WfpEngineHandle engineHandle, nint enumTemplate, out nint enumHandle);

    /// <summary><c>DWORD FwpmFilterEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
    /// FWPM_FILTER0*** entries, UINT32* numEntriesReturned)</c>; free <paramref name="entries"/> with
    /// <see cref="FwpmFreeMemory0"/>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmFilterEnum0(WfpEngineHandle engineHandle, nint enumHandle, uint numEntriesRequested, out nint entries, out uint numEntriesReturned);

    /// <summary><c>DWORD FwpmFilterDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle)</c>.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint FwpmFilterDestroyEnumHandle0(WfpEngineHandle engineHandle, nint enumHandle);

    /// <summary><c>void FwpmFreeMemory0(void** p)</c>: frees what a Get/Enum call returned and sets it to null.</summary>
    [LibraryImport(Fwpuclnt)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial void FwpmFreeMemory0(ref nint p);

    /// <summary><c>NETIO_STATUS ConvertInterfaceAliasToLuid(const WCHAR* InterfaceAlias, NET_LUID* InterfaceLuid)</c>
    /// (NET_LUID is a union over one ULONG64).</summary>
    [LibraryImport(Iphlpapi, StringMarshalling = StringMarshalling.Utf16)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    internal static partial uint ConvertInterfaceAliasToLuid(string interfaceAlias, out ulong interfaceLuid);
}
