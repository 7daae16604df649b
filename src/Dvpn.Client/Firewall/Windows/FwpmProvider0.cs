using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWPM_PROVIDER0</c> (fwpmtypes.h): <c>GUID providerKey; FWPM_DISPLAY_DATA0 displayData; UINT32 flags;
/// FWP_BYTE_BLOB providerData; wchar_t* serviceName;</c>. x64: flags 32, providerData 40, serviceName 56; 64 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpmProvider0
{
    /// <summary><c>providerKey</c>.</summary>
    public Guid ProviderKey;

    /// <summary><c>displayData</c>.</summary>
    public FwpmDisplayData0 DisplayData;

    /// <summary><c>flags</c> (<c>FWPM_PROVIDER_FLAG_PERSISTENT</c>).</summary>
    public uint Flags;

    /// <summary><c>providerData</c>.</summary>
    public FwpByteBlob ProviderData;

    /// <summary><c>serviceName</c>.</summary>
    public nint ServiceName;
}
