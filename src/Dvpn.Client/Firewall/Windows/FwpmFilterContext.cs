using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>The anonymous union of <c>FWPM_FILTER0</c>: <c>union { UINT64 rawContext; GUID providerContextKey; };</c>.
/// The UINT64 makes it 8-aligned, which puts it at 152 (not 148) in <see cref="FwpmFilter0"/> on x64. 16 bytes.</summary>
[StructLayout(LayoutKind.Explicit)]
internal struct FwpmFilterContext
{
    /// <summary><c>rawContext</c>.</summary>
    [FieldOffset(0)]
    public ulong RawContext;

    /// <summary><c>providerContextKey</c>.</summary>
    [FieldOffset(0)]
    public Guid ProviderContextKey;
}
