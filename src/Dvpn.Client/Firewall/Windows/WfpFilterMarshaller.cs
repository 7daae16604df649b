using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// Turns a planned <see cref="WfpFilter"/> into an <c>FWPM_FILTER0</c> (with its conditions and values) in a
/// <see cref="WfpNativeArena"/>. Platform-neutral: it only writes memory, so the layout of what reaches
/// <c>FwpmFilterAdd0</c> is tested on Linux too.
/// </summary>
internal static unsafe class WfpFilterMarshaller
{
    /// <summary>The description every filter of ours carries.</summary>
    public const string Description = "DvpnClient kill switch (fail closed)";

    /// <summary>
    /// Writes <paramref name="filter"/> as an <see cref="FwpmFilter0"/> into <paramref name="arena"/> and returns its
    /// address: persistent, in our sublayer and provider, hard (<c>CLEAR_ACTION_RIGHT</c>) when it blocks.
    /// </summary>
    /// <param name="filter">The planned filter.</param>
    /// <param name="arena">Owns every block written; the result is valid until it is disposed.</param>
    /// <param name="interfaceLuid">Resolves an interface alias to its LUID (<c>ConvertInterfaceAliasToLuid</c> on Windows).</param>
    /// <exception cref="ArgumentException">A condition's value does not fit its field.</exception>
    public static nint Marshal(WfpFilter filter, WfpNativeArena arena, Func<string, ulong> interfaceLuid)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(arena);
        ArgumentNullException.ThrowIfNull(interfaceLuid);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(filter.Weight, (byte)15, nameof(filter));

        nint conditions = filter.Conditions.Count == 0 ? 0 : arena.AllocateArray<FwpmFilterCondition0>(filter.Conditions.Count);
        for (int i = 0; i < filter.Conditions.Count; i++)
        {
            ((FwpmFilterCondition0*)conditions)[i] = Condition(filter.Conditions[i], arena, interfaceLuid);
        }

        bool block = filter.Action == WfpAction.Block;
        FwpmFilter0 native = new()
        {
            FilterKey = filter.Key,
            DisplayData = new FwpmDisplayData0 { Name = arena.String(filter.Name), Description = arena.String(Description) },
            Flags = WfpConstants.FwpmFilterFlagPersistent | (block ? WfpConstants.FwpmFilterFlagClearActionRight : 0),
            ProviderKey = arena.Copy(WfpObjectKeys.Provider),
            LayerKey = WfpConstants.Layer(filter.Layer),
            SubLayerKey = WfpObjectKeys.SubLayer,
            // An FWP_UINT8 weight (0-15) is a weight range: the engine fills in the low bits by how specific the
            // conditions are, and a higher range always comes first.
            Weight = new FwpValue0 { Type = WfpConstants.FwpUInt8, Value = filter.Weight },
            NumFilterConditions = (uint)filter.Conditions.Count,
            FilterCondition = conditions,
            Action = new FwpmAction0 { Type = block ? WfpConstants.FwpActionBlock : WfpConstants.FwpActionPermit },
        };
        return arena.Copy(native);
    }

    private static FwpmFilterCondition0 Condition(WfpCondition condition, WfpNativeArena arena, Func<string, ulong> interfaceLuid)
    {
        FwpValue0 value = condition switch
        {
            WfpNumberCondition number => Number(number),
            WfpAddressCondition address => Address(address.Network, arena),
            WfpInterfaceCondition alias => new FwpValue0 { Type = WfpConstants.FwpUInt64, Value = arena.Copy(interfaceLuid(alias.Alias)) },
            _ => throw new ArgumentException($"Unknown condition {condition}.", nameof(condition)),
        };
        return new FwpmFilterCondition0
        {
            FieldKey = WfpConstants.Field(condition.Field),
            MatchType = condition.Field == WfpField.Flags ? WfpConstants.FwpMatchFlagsAllSet : WfpConstants.FwpMatchEqual,
            ConditionValue = value,
        };
    }

    // The field decides the width WFP expects: a value of the wrong FWP_DATA_TYPE fails with FWP_E_TYPE_MISMATCH.
    private static FwpValue0 Number(WfpNumberCondition number)
    {
        (uint type, uint max) = number.Field switch
        {
            WfpField.Protocol => (WfpConstants.FwpUInt8, byte.MaxValue),
            WfpField.LocalPort or WfpField.RemotePort or WfpField.IcmpType => (WfpConstants.FwpUInt16, ushort.MaxValue),
            WfpField.Flags => (WfpConstants.FwpUInt32, uint.MaxValue),
            _ => throw new ArgumentException($"{number.Field} is not a number field.", nameof(number)),
        };
        if (number.Value > max)
        {
            throw new ArgumentException($"{number.Value} does not fit {number.Field}.", nameof(number));
        }

        return new FwpValue0 { Type = type, Value = (nint)number.Value };
    }

    private static FwpValue0 Address(IPNetwork network, WfpNativeArena arena)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!network.BaseAddress.TryWriteBytes(bytes, out int length))
        {
            throw new ArgumentException($"{network} has no address bytes.", nameof(network));
        }

        if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            // WFP holds IPv4 addresses and masks as host-order integers (10.0.0.0 is 0x0A000000).
            uint address = BinaryPrimitives.ReadUInt32BigEndian(bytes[..length]);
            if (network.PrefixLength == 32)
            {
                return new FwpValue0 { Type = WfpConstants.FwpUInt32, Value = (nint)address };
            }

            uint mask = network.PrefixLength == 0 ? 0 : uint.MaxValue << (32 - network.PrefixLength);
            return new FwpValue0
            {
                Type = WfpConstants.FwpV4AddrMask,
                Value = arena.Copy(new FwpV4AddrAndMask { Address = address, Mask = mask }),
            };
        }

        FwpByteArray16 array = default;
        bytes[..FwpByteArray16.Length].CopyTo(array);
        if (network.PrefixLength == 128)
        {
            return new FwpValue0 { Type = WfpConstants.FwpByteArray16Type, Value = arena.Copy(array) };
        }

        return new FwpValue0
        {
            Type = WfpConstants.FwpV6AddrMask,
            Value = arena.Copy(new FwpV6AddrAndMask { Address = array, PrefixLength = (byte)network.PrefixLength }),
        };
    }
}
