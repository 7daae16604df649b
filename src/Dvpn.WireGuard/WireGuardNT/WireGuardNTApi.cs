using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>The real <see cref="IWireGuardNTApi"/>: straight calls into <see cref="Interop"/>.</summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class WireGuardNTApi : IWireGuardNTApi
{
    // WireGuardCloseAdapter replaced WireGuardFreeAdapter when the pool-based API went away (wireguard-nt 0.10); a DLL
    // without it has the old WireGuardCreateAdapter(Pool, Name, GUID*, BOOL*) signature, which must never be called.
    private const string CurrentApiExport = "WireGuardCloseAdapter";

    /// <inheritdoc />
    public bool TryLoadLibrary([NotNullWhen(false)] out string? failure)
    {
        if (!NativeLibrary.TryLoad(Interop.LibraryName, typeof(Interop).Assembly, searchPath: null, out nint library))
        {
            failure = $"{Interop.LibraryName} (WireGuardNT) could not be loaded: place the signed {Interop.LibraryName} for this architecture next to the application";
            return false;
        }

        // The module stays loaded: LibraryImport resolves the same file by name on first call.
        if (!NativeLibrary.TryGetExport(library, CurrentApiExport, out _))
        {
            failure = $"{Interop.LibraryName} is too old (it predates the WireGuardNT 0.10 API); install a current one";
            return false;
        }

        failure = null;
        return true;
    }

    /// <inheritdoc />
    public uint GetRunningDriverVersion(out int error)
    {
        uint version = Interop.WireGuardGetRunningDriverVersion();
        error = version == 0 ? Marshal.GetLastPInvokeError() : 0;
        return version;
    }

    /// <inheritdoc />
    public SafeHandle CreateAdapter(string name, string tunnelType, Guid requestedGuid, out int error)
    {
        WireGuardAdapterHandle adapter = Interop.WireGuardCreateAdapter(name, tunnelType, &requestedGuid);
        error = adapter.IsInvalid ? Marshal.GetLastPInvokeError() : 0;
        return adapter;
    }

    /// <inheritdoc />
    public SafeHandle OpenAdapter(string name, out int error)
    {
        WireGuardAdapterHandle adapter = Interop.WireGuardOpenAdapter(name);
        error = adapter.IsInvalid ? Marshal.GetLastPInvokeError() : 0;
        return adapter;
    }

    /// <inheritdoc />
    public ulong GetAdapterLuid(SafeHandle adapter)
    {
        Interop.WireGuardGetAdapterLUID(Native(adapter), out ulong luid);
        return luid;
    }

    /// <inheritdoc />
    public bool SetAdapterState(SafeHandle adapter, WireGuardAdapterState state, out int error)
    {
        bool ok = Interop.WireGuardSetAdapterState(Native(adapter), state);
        error = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }

    /// <inheritdoc />
    public bool GetAdapterState(SafeHandle adapter, out WireGuardAdapterState state, out int error)
    {
        bool ok = Interop.WireGuardGetAdapterState(Native(adapter), out state);
        error = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }

    /// <inheritdoc />
    public bool SetConfiguration(SafeHandle adapter, ReadOnlySpan<byte> configuration, out int error)
    {
        bool ok;
        fixed (byte* config = configuration)
        {
            ok = Interop.WireGuardSetConfiguration(Native(adapter), config, (uint)configuration.Length);
        }

        error = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }

    /// <inheritdoc />
    public bool GetConfiguration(SafeHandle adapter, Span<byte> buffer, out uint bytes, out int error)
    {
        bytes = (uint)buffer.Length;
        bool ok;
        fixed (byte* config = buffer)
        {
            ok = Interop.WireGuardGetConfiguration(Native(adapter), config, ref bytes);
        }

        error = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }

    /// <inheritdoc />
    public void SetLogger(bool enabled) =>
        Interop.WireGuardSetLogger(enabled ? &DriverLogger.OnDriverLog : null);

    /// <inheritdoc />
    public bool SetAdapterLogging(SafeHandle adapter, WireGuardAdapterLogState state, out int error)
    {
        bool ok = Interop.WireGuardSetAdapterLogging(Native(adapter), state);
        error = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }

    private static WireGuardAdapterHandle Native(SafeHandle adapter) =>
        adapter as WireGuardAdapterHandle
        ?? throw new ArgumentException("not a handle from WireGuardCreateAdapter or WireGuardOpenAdapter", nameof(adapter));
}
