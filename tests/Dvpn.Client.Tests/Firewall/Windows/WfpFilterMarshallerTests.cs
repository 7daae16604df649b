using System.Net;
using System.Runtime.InteropServices;
using Dvpn.Client.Firewall.Windows;

namespace Dvpn.Client.Tests.Firewall.Windows;

/// <summary>What reaches FwpmFilterAdd0: the marshalled FWPM_FILTER0, its conditions and values, read back from the
/// unmanaged memory.</summary>
public sealed class WfpFilterMarshallerTests
{
    private const ulong TunnelLuid = 0x0006_0000_0012_3456;

    private static WfpFilter Filter(WfpAction action, byte weight, params WfpCondition[] conditions) =>
        new(WfpObjectKeys.FilterKey("test"), WfpFilterKind.WireGuardEndpoint, "test filter", WfpLayer.ConnectV4, action, weight, conditions);

    private static FwpmFilter0 Read(nint filter) => Marshal.PtrToStructure<FwpmFilter0>(filter);

    private static FwpmFilterCondition0[] Conditions(FwpmFilter0 filter) =>
        [.. Enumerable.Range(0, (int)filter.NumFilterConditions)
            .Select(i => Marshal.PtrToStructure<FwpmFilterCondition0>(filter.FilterCondition + i * Marshal.SizeOf<FwpmFilterCondition0>()))];

    private static FwpmFilterCondition0 MarshalOne(WfpCondition condition, WfpNativeArena arena) =>
        Assert.Single(Conditions(Read(WfpFilterMarshaller.Marshal(Filter(WfpAction.Permit, 1, condition), arena, _ => TunnelLuid))));

    [Fact]
    public void Marshal_WireGuardEndpoint_WritesAPersistentSoftPermitWithHostOrderAddress()
    {
        using WfpNativeArena arena = new();
        WfpFilter planned = Filter(WfpAction.Permit, 13,
            new WfpNumberCondition(WfpField.Protocol, 17),
            new WfpAddressCondition(WfpField.RemoteAddress, IPNetwork.Parse("203.0.113.7/32")),
            new WfpNumberCondition(WfpField.RemotePort, 51820));

        FwpmFilter0 filter = Read(WfpFilterMarshaller.Marshal(planned, arena, _ => TunnelLuid));

        Assert.Equal(planned.Key, filter.FilterKey);
        Assert.Equal("test filter", Marshal.PtrToStringUni(filter.DisplayData.Name));
        Assert.Equal(WfpFilterMarshaller.Description, Marshal.PtrToStringUni(filter.DisplayData.Description));
        Assert.Equal(0x1u, filter.Flags); // FWPM_FILTER_FLAG_PERSISTENT only: permits stay soft
        Assert.Equal(WfpObjectKeys.Provider, Marshal.PtrToStructure<Guid>(filter.ProviderKey));
        Assert.Equal(new Guid("c38d57d1-05a7-4c33-904f-7fbceee60e82"), filter.LayerKey); // FWPM_LAYER_ALE_AUTH_CONNECT_V4
        Assert.Equal(WfpObjectKeys.SubLayer, filter.SubLayerKey);
        Assert.Equal(1u, filter.Weight.Type); // FWP_UINT8
        Assert.Equal(13, filter.Weight.Value);
        Assert.Equal(0x1002u, filter.Action.Type); // FWP_ACTION_PERMIT

        FwpmFilterCondition0[] conditions = Conditions(filter);
        Assert.Equal(3, conditions.Length);
        Assert.Equal(new Guid("3971ef2b-623e-4f9a-8cb1-6e79b806b9a7"), conditions[0].FieldKey); // FWPM_CONDITION_IP_PROTOCOL
        Assert.Equal((1u, (nint)17), (conditions[0].ConditionValue.Type, conditions[0].ConditionValue.Value)); // FWP_UINT8 UDP
        Assert.Equal(new Guid("b235ae9a-1d64-49b8-a44c-5ff3d9095045"), conditions[1].FieldKey); // FWPM_CONDITION_IP_REMOTE_ADDRESS
        Assert.Equal((3u, 0xCB007107L), (conditions[1].ConditionValue.Type, (long)conditions[1].ConditionValue.Value)); // FWP_UINT32 203.0.113.7
        Assert.Equal(new Guid("c35a604d-d22b-4e1a-91b4-68f674ee674b"), conditions[2].FieldKey); // FWPM_CONDITION_IP_REMOTE_PORT
        Assert.Equal((2u, (nint)51820), (conditions[2].ConditionValue.Type, conditions[2].ConditionValue.Value)); // FWP_UINT16
        Assert.All(conditions, c => Assert.Equal(0u, c.MatchType)); // FWP_MATCH_EQUAL
    }

    [Fact]
    public void Marshal_Block_IsPersistentHardBlockWithoutConditions()
    {
        using WfpNativeArena arena = new();

        FwpmFilter0 filter = Read(WfpFilterMarshaller.Marshal(Filter(WfpAction.Block, 0), arena, _ => TunnelLuid));

        Assert.Equal(0x1u | 0x8u, filter.Flags); // PERSISTENT | CLEAR_ACTION_RIGHT
        Assert.Equal(0x1001u, filter.Action.Type); // FWP_ACTION_BLOCK
        Assert.Equal(0u, filter.NumFilterConditions);
        Assert.Equal(0, filter.FilterCondition);
    }

    [Fact]
    public void Marshal_IPv4Prefix_WritesHostOrderAddressAndMask()
    {
        using WfpNativeArena arena = new();

        FwpmFilterCondition0 condition = MarshalOne(new WfpAddressCondition(WfpField.RemoteAddress, IPNetwork.Parse("172.16.0.0/12")), arena);

        Assert.Equal(0x100u, condition.ConditionValue.Type); // FWP_V4_ADDR_MASK
        FwpV4AddrAndMask mask = Marshal.PtrToStructure<FwpV4AddrAndMask>(condition.ConditionValue.Value);
        Assert.Equal(0xAC100000u, mask.Address);
        Assert.Equal(0xFFF00000u, mask.Mask);
    }

    [Fact]
    public void Marshal_IPv6Prefix_WritesNetworkOrderBytesAndPrefixLength()
    {
        using WfpNativeArena arena = new();

        FwpmFilterCondition0 condition = MarshalOne(new WfpAddressCondition(WfpField.LocalAddress, IPNetwork.Parse("fe80::/10")), arena);

        Assert.Equal(new Guid("d9ee00de-c1ef-4617-bfe3-ffd8f5a08957"), condition.FieldKey); // FWPM_CONDITION_IP_LOCAL_ADDRESS
        Assert.Equal(0x101u, condition.ConditionValue.Type); // FWP_V6_ADDR_MASK
        byte[] bytes = new byte[17];
        Marshal.Copy(condition.ConditionValue.Value, bytes, 0, 17);
        Assert.Equal((byte[])[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10], bytes);
    }

    [Fact]
    public void Marshal_IPv6Host_WritesByteArray16()
    {
        using WfpNativeArena arena = new();

        FwpmFilterCondition0 condition = MarshalOne(new WfpAddressCondition(WfpField.RemoteAddress, IPNetwork.Parse("2001:db8::7/128")), arena);

        Assert.Equal(11u, condition.ConditionValue.Type); // FWP_BYTE_ARRAY16_TYPE
        byte[] bytes = new byte[16];
        Marshal.Copy(condition.ConditionValue.Value, bytes, 0, 16);
        Assert.Equal(IPAddress.Parse("2001:db8::7").GetAddressBytes(), bytes);
    }

    [Fact]
    public void Marshal_TunnelInterface_WritesTheResolvedLuidAsUInt64()
    {
        using WfpNativeArena arena = new();
        List<string> asked = [];
        WfpFilter planned = Filter(WfpAction.Permit, 10, new WfpInterfaceCondition("dvpn0"));

        FwpmFilterCondition0 condition = Assert.Single(Conditions(Read(WfpFilterMarshaller.Marshal(planned, arena, alias =>
        {
            asked.Add(alias);
            return TunnelLuid;
        }))));

        Assert.Equal(["dvpn0"], asked);
        Assert.Equal(new Guid("4cd62a49-59c3-4969-b7f3-bda5d32890a4"), condition.FieldKey); // FWPM_CONDITION_IP_LOCAL_INTERFACE
        Assert.Equal(4u, condition.ConditionValue.Type); // FWP_UINT64, by pointer
        Assert.Equal((long)TunnelLuid, Marshal.ReadInt64(condition.ConditionValue.Value));
    }

    [Fact]
    public void Marshal_Loopback_MatchesFlagsAllSet()
    {
        using WfpNativeArena arena = new();

        FwpmFilterCondition0 condition = MarshalOne(new WfpNumberCondition(WfpField.Flags, 0x1), arena);

        Assert.Equal(new Guid("632ce23b-5167-435c-86d7-e903684aa80c"), condition.FieldKey); // FWPM_CONDITION_FLAGS
        Assert.Equal(6u, condition.MatchType); // FWP_MATCH_FLAGS_ALL_SET
        Assert.Equal((3u, (nint)1), (condition.ConditionValue.Type, condition.ConditionValue.Value)); // FWP_UINT32
    }

    [Fact]
    public void Marshal_IcmpType_UsesTheLocalPortField()
    {
        using WfpNativeArena arena = new();

        FwpmFilterCondition0 condition = MarshalOne(new WfpNumberCondition(WfpField.IcmpType, 134), arena);

        Assert.Equal(new Guid("0c1ba1af-5765-453f-af22-a8f791ac775b"), condition.FieldKey); // FWPM_CONDITION_IP_LOCAL_PORT
        Assert.Equal((2u, (nint)134), (condition.ConditionValue.Type, condition.ConditionValue.Value));
    }

    [Theory]
    [InlineData(nameof(WfpField.Protocol), 256u)]
    [InlineData(nameof(WfpField.RemotePort), 65536u)]
    [InlineData(nameof(WfpField.RemoteAddress), 1u)]
    public void Marshal_NumberThatDoesNotFitItsField_Throws(string field, uint value)
    {
        using WfpNativeArena arena = new();

        Assert.ThrowsAny<ArgumentException>(() => MarshalOne(new WfpNumberCondition(Enum.Parse<WfpField>(field), value), arena));
    }

    [Fact]
    public void Marshal_WholePlan_WritesEveryFilter()
    {
        using WfpNativeArena arena = new();
        WfpFilterPlan plan = new(FirewallPolicies.ConnectedIPv6 with { AllowLan = true });

        FwpmFilter0[] filters = [.. plan.Filters.Select(f => Read(WfpFilterMarshaller.Marshal(f, arena, _ => TunnelLuid)))];

        Assert.Equal(plan.Filters.Select(f => f.Key), filters.Select(f => f.FilterKey));
        Assert.Equal(plan.Filters.Select(f => (uint)f.Conditions.Count), filters.Select(f => f.NumFilterConditions));
        Assert.All(filters.Zip(plan.Filters), p => Assert.Equal(p.Second.Action == WfpAction.Block ? 0x9u : 0x1u, p.First.Flags));
    }
}
