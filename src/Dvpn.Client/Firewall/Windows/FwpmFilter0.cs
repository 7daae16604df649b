using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// <c>FWPM_FILTER0</c> (fwpmtypes.h), field for field. x64 offsets: filterKey 0, displayData 16, flags 32,
/// providerKey 40, providerData 48, layerKey 64, subLayerKey 80, weight 96, numFilterConditions 112,
/// filterCondition 120, action 128, rawContext/providerContextKey 152, reserved 168, filterId 176,
/// effectiveWeight 184; 200 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpmFilter0
{
    /// <summary><c>filterKey</c>.</summary>
    public Guid FilterKey;

    /// <summary><c>displayData</c>.</summary>
    public FwpmDisplayData0 DisplayData;

    /// <summary><c>flags</c> (<c>FWPM_FILTER_FLAG_*</c>).</summary>
    public uint Flags;

    /// <summary><c>GUID* providerKey</c>.</summary>
    public nint ProviderKey;

    /// <summary><c>providerData</c>.</summary>
    public FwpByteBlob ProviderData;

    /// <summary><c>layerKey</c>.</summary>
    public Guid LayerKey;

    /// <summary><c>subLayerKey</c>.</summary>
    public Guid SubLayerKey;

    /// <summary><c>weight</c>.</summary>
    public FwpValue0 Weight;

    /// <summary><c>numFilterConditions</c>.</summary>
    public uint NumFilterConditions;

    /// <summary><c>FWPM_FILTER_CONDITION0* filterCondition</c>.</summary>
    public nint FilterCondition;

    /// <summary><c>action</c>.</summary>
    public FwpmAction0 Action;

    /// <summary>The <c>rawContext</c>/<c>providerContextKey</c> union.</summary>
    public FwpmFilterContext Context;

    /// <summary><c>GUID* reserved</c>.</summary>
    public nint Reserved;

    /// <summary><c>filterId</c> (output: assigned by the engine).</summary>
    public ulong FilterId;

    /// <summary><c>effectiveWeight</c> (output).</summary>
    public FwpValue0 EffectiveWeight;
}
