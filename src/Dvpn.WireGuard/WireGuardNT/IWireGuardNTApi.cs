using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// The seam at the P/Invoke boundary: one method per wireguard.dll function, returning what the function returns
/// plus its last error, and nothing more. <see cref="WireGuardNTApi"/> calls <see cref="Interop"/>; tests on Linux
/// use a fake, because the Windows driver cannot run there. All logic (buffer growth, parsing, errors) sits above.
/// </summary>
internal interface IWireGuardNTApi
{
    /// <summary>Loads wireguard.dll; false with a reason a user can act on when it is missing or too old.</summary>
    bool TryLoadLibrary([NotNullWhen(false)] out string? failure);

    /// <summary>WireGuardGetRunningDriverVersion; 0 with <paramref name="error"/> set on failure.</summary>
    uint GetRunningDriverVersion(out int error);

    /// <summary>WireGuardCreateAdapter; an invalid handle with <paramref name="error"/> set on failure.</summary>
    SafeHandle CreateAdapter(string name, string tunnelType, Guid requestedGuid, out int error);

    /// <summary>WireGuardOpenAdapter; an invalid handle with <paramref name="error"/> set on failure.</summary>
    SafeHandle OpenAdapter(string name, out int error);

    /// <summary>WireGuardGetAdapterLUID.</summary>
    ulong GetAdapterLuid(SafeHandle adapter);

    /// <summary>WireGuardSetAdapterState.</summary>
    bool SetAdapterState(SafeHandle adapter, WireGuardAdapterState state, out int error);

    /// <summary>WireGuardGetAdapterState.</summary>
    bool GetAdapterState(SafeHandle adapter, out WireGuardAdapterState state, out int error);

    /// <summary>WireGuardSetConfiguration with the whole of <paramref name="configuration"/>.</summary>
    bool SetConfiguration(SafeHandle adapter, ReadOnlySpan<byte> configuration, out int error);

    /// <summary>
    /// WireGuardGetConfiguration into <paramref name="buffer"/> (its length is the DWORD passed in);
    /// <paramref name="bytes"/> is the DWORD that comes back: the size used, or needed on ERROR_MORE_DATA.
    /// </summary>
    bool GetConfiguration(SafeHandle adapter, Span<byte> buffer, out uint bytes, out int error);

    /// <summary>WireGuardSetLogger with our callback (<see cref="DriverLogger"/>), or null when <paramref name="enabled"/> is false.</summary>
    void SetLogger(bool enabled);

    /// <summary>WireGuardSetAdapterLogging.</summary>
    bool SetAdapterLogging(SafeHandle adapter, WireGuardAdapterLogState state, out int error);
}
