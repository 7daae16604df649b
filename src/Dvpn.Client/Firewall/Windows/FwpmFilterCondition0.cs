using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWPM_FILTER_CONDITION0</c> (fwpmtypes.h): <c>GUID fieldKey; FWP_MATCH_TYPE matchType;
/// FWP_CONDITION_VALUE0 conditionValue;</c>. x64: 40 bytes, matchType at 16, conditionValue at 24 (8-aligned).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpmFilterCondition0
{
    /// <summary><c>fieldKey</c>: an <c>FWPM_CONDITION_*</c> GUID.</summary>
    public Guid FieldKey;

    /// <summary><c>matchType</c>.</summary>
    public uint MatchType;

    /// <summary><c>conditionValue</c>.</summary>
    public FwpValue0 ConditionValue;
}
