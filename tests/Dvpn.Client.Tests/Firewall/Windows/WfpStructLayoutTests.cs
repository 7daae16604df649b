using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dvpn.Client.Firewall.Windows;

namespace Dvpn.Client.Tests.Firewall.Windows;

/// <summary>
/// The marshalled structs against the Windows x64 layout of the SDK headers (fwptypes.h, fwpmtypes.h): MSVC x64
/// aligns each field to its size (pointers, UINT64 8; UINT32, enums, BOOL 4; GUID 4 as it is built of a ULONG, two
/// USHORTs and bytes) and pads the struct to its largest alignment. Linux x64 follows the same rules for these field
/// types, so a layout mistake fails here. The numbers are also those wireguard-windows checks in its
/// tunnel/firewall/types_windows_64.go.
/// </summary>
public sealed class WfpStructLayoutTests
{
    public static TheoryData<Type, int> Sizes => new()
    {
        { typeof(FwpValue0), 16 },            // FWP_DATA_TYPE type (4) + pad (4) + union of pointers/UINT32 (8)
        { typeof(FwpByteBlob), 16 },          // UINT32 size (4) + pad (4) + UINT8* data (8)
        { typeof(FwpmDisplayData0), 16 },     // wchar_t* name, wchar_t* description
        { typeof(FwpV4AddrAndMask), 8 },      // UINT32 addr, UINT32 mask
        { typeof(FwpmFilterCondition0), 40 }, // GUID fieldKey (16) + FWP_MATCH_TYPE (4) + pad (4) + FWP_CONDITION_VALUE0 (16)
        { typeof(FwpmAction0), 20 },          // FWP_ACTION_TYPE type (4) + GUID (16), 4-aligned
        { typeof(FwpmFilterContext), 16 },    // union { UINT64 rawContext; GUID providerContextKey; }
        { typeof(FwpmFilter0), 200 },
        { typeof(FwpmProvider0), 64 },
        { typeof(FwpmSubLayer0), 72 },        // ends with UINT16 weight at 64, padded to 8
        { typeof(FwpmSession0), 72 },         // ends with BOOL kernelMode at 64, padded to 8
    };

    public static TheoryData<Type, string, int> Offsets => new()
    {
        { typeof(FwpValue0), nameof(FwpValue0.Value), 8 },
        { typeof(FwpByteBlob), nameof(FwpByteBlob.Data), 8 },
        { typeof(FwpmDisplayData0), nameof(FwpmDisplayData0.Description), 8 },
        { typeof(FwpV4AddrAndMask), nameof(FwpV4AddrAndMask.Mask), 4 },
        { typeof(FwpmFilterCondition0), nameof(FwpmFilterCondition0.MatchType), 16 },
        { typeof(FwpmFilterCondition0), nameof(FwpmFilterCondition0.ConditionValue), 24 },
        { typeof(FwpmAction0), nameof(FwpmAction0.FilterType), 4 },
        // FWPM_FILTER0: GUID filterKey; FWPM_DISPLAY_DATA0 displayData; UINT32 flags; GUID* providerKey;
        // FWP_BYTE_BLOB providerData; GUID layerKey; GUID subLayerKey; FWP_VALUE0 weight; UINT32 numFilterConditions;
        // FWPM_FILTER_CONDITION0* filterCondition; FWPM_ACTION0 action; union { UINT64 rawContext; GUID
        // providerContextKey; }; GUID* reserved; UINT64 filterId; FWP_VALUE0 effectiveWeight;
        { typeof(FwpmFilter0), nameof(FwpmFilter0.DisplayData), 16 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.Flags), 32 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.ProviderKey), 40 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.ProviderData), 48 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.LayerKey), 64 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.SubLayerKey), 80 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.Weight), 96 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.NumFilterConditions), 112 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.FilterCondition), 120 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.Action), 128 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.Context), 152 }, // 148 rounded up to the union's 8-byte alignment
        { typeof(FwpmFilter0), nameof(FwpmFilter0.Reserved), 168 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.FilterId), 176 },
        { typeof(FwpmFilter0), nameof(FwpmFilter0.EffectiveWeight), 184 },
        // FWPM_PROVIDER0: GUID providerKey; FWPM_DISPLAY_DATA0 displayData; UINT32 flags; FWP_BYTE_BLOB providerData;
        // wchar_t* serviceName;
        { typeof(FwpmProvider0), nameof(FwpmProvider0.DisplayData), 16 },
        { typeof(FwpmProvider0), nameof(FwpmProvider0.Flags), 32 },
        { typeof(FwpmProvider0), nameof(FwpmProvider0.ProviderData), 40 },
        { typeof(FwpmProvider0), nameof(FwpmProvider0.ServiceName), 56 },
        // FWPM_SUBLAYER0: GUID subLayerKey; FWPM_DISPLAY_DATA0 displayData; UINT32 flags; GUID* providerKey;
        // FWP_BYTE_BLOB providerData; UINT16 weight;
        { typeof(FwpmSubLayer0), nameof(FwpmSubLayer0.DisplayData), 16 },
        { typeof(FwpmSubLayer0), nameof(FwpmSubLayer0.Flags), 32 },
        { typeof(FwpmSubLayer0), nameof(FwpmSubLayer0.ProviderKey), 40 },
        { typeof(FwpmSubLayer0), nameof(FwpmSubLayer0.ProviderData), 48 },
        { typeof(FwpmSubLayer0), nameof(FwpmSubLayer0.Weight), 64 },
        // FWPM_SESSION0: GUID sessionKey; FWPM_DISPLAY_DATA0 displayData; UINT32 flags; UINT32 txnWaitTimeoutInMSec;
        // DWORD processId; SID* sid; wchar_t* username; BOOL kernelMode;
        { typeof(FwpmSession0), nameof(FwpmSession0.DisplayData), 16 },
        { typeof(FwpmSession0), nameof(FwpmSession0.Flags), 32 },
        { typeof(FwpmSession0), nameof(FwpmSession0.TxnWaitTimeoutInMSec), 36 },
        { typeof(FwpmSession0), nameof(FwpmSession0.ProcessId), 40 },
        { typeof(FwpmSession0), nameof(FwpmSession0.Sid), 48 },
        { typeof(FwpmSession0), nameof(FwpmSession0.UserName), 56 },
        { typeof(FwpmSession0), nameof(FwpmSession0.KernelMode), 64 },
    };

    [Fact]
    public void Layout_TestMachine_Is64Bit()
    {
        // The expected numbers below are the 64-bit ones; on a 32-bit runner they would be wrong, not the structs.
        Assert.Equal(8, IntPtr.Size);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Layout_StructSize_MatchesWindowsX64(Type type, int size)
    {
        Assert.Equal(size, Marshal.SizeOf(type));
        // Blittable: what the marshaller sizes is what unsafe code writes.
        Assert.Equal(size, (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!);
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Layout_FieldOffset_MatchesWindowsX64(Type type, string field, int offset)
    {
        Assert.Equal(offset, (int)Marshal.OffsetOf(type, field));
    }

    [Fact]
    public void Layout_V6AddrAndMask_Is17BytesWithPrefixAt16()
    {
        // FWP_V6_ADDR_AND_MASK: UINT8 addr[16]; UINT8 prefixLength; (byte-aligned, no padding).
        FwpV6AddrAndMask value = default;

        Assert.Equal(16, Unsafe.SizeOf<FwpByteArray16>());
        Assert.Equal(17, Unsafe.SizeOf<FwpV6AddrAndMask>());
        Assert.Equal(16, (int)Unsafe.ByteOffset(ref Unsafe.As<FwpV6AddrAndMask, byte>(ref value), ref value.PrefixLength));
    }
}
