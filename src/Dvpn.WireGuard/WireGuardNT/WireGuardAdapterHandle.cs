using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// A WIREGUARD_ADAPTER_HANDLE. Releasing it calls <c>WireGuardCloseAdapter</c>, which also removes the adapter when
/// this handle is the one <c>WireGuardCreateAdapter</c> returned: that is how WireGuardNT ties an adapter's life to
/// the process that created it.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WireGuardAdapterHandle : SafeHandle
{
    /// <summary>Used by the LibraryImport marshaller, which sets the handle.</summary>
    public WireGuardAdapterHandle()
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Interop.WireGuardCloseAdapter(handle);
        return true;
    }
}
