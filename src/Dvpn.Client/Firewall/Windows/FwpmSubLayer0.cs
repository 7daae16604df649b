using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWPM_SUBLAYER0</c> (fwpmtypes.h): <c>GUID subLayerKey; FWPM_DISPLAY_DATA0 displayData; UINT32 flags;
/// GUID* providerKey; FWP_BYTE_BLOB providerData; UINT16 weight;</c>. x64: flags 32, providerKey 40, providerData 48,
/// weight 64; 72 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpmSubLayer0
{
    /// <summary><c>subLayerKey</c>.</summary>
    public Guid SubLayerKey;

    /// <summary><c>displayData</c>.</summary>
    public FwpmDisplayData0 DisplayData;

    /// <summary><c>flags</c> (<c>FWPM_SUBLAYER_FLAG_PERSISTENT</c>).</summary>
    public uint Flags;

    /// <summary><c>GUID* providerKey</c>.</summary>
    public nint ProviderKey;

    /// <summary><c>providerData</c>.</summary>
    public FwpByteBlob ProviderData;

    /// <summary><c>weight</c>.</summary>
    public ushort Weight;
}
