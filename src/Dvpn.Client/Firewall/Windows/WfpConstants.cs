namespace Dvpn.Client.Firewall.Windows;

/// <summary>The numbers and GUIDs of the WFP SDK headers the kill switch uses (fwptypes.h, fwpmtypes.h, fwpmu.h,
/// winerror.h, rpcdce.h), under their header names.</summary>
internal static class WfpConstants
{
    // FWP_DATA_TYPE (fwptypes.h): an enum counting up from FWP_EMPTY = 0; the mask types follow
    // FWP_SINGLE_DATA_TYPE_MAX = 0xff.

    /// <summary><c>FWP_EMPTY</c>.</summary>
    public const uint FwpEmpty = 0;

    /// <summary><c>FWP_UINT8</c>.</summary>
    public const uint FwpUInt8 = 1;

    /// <summary><c>FWP_UINT16</c>.</summary>
    public const uint FwpUInt16 = 2;

    /// <summary><c>FWP_UINT32</c>.</summary>
    public const uint FwpUInt32 = 3;

    /// <summary><c>FWP_UINT64</c> (the value is a pointer to the number).</summary>
    public const uint FwpUInt64 = 4;

    /// <summary><c>FWP_BYTE_ARRAY16_TYPE</c> (pointer to 16 bytes).</summary>
    public const uint FwpByteArray16Type = 11;

    /// <summary><c>FWP_V4_ADDR_MASK</c> (pointer to <see cref="FwpV4AddrAndMask"/>).</summary>
    public const uint FwpV4AddrMask = 0x100;

    /// <summary><c>FWP_V6_ADDR_MASK</c> (pointer to <see cref="FwpV6AddrAndMask"/>).</summary>
    public const uint FwpV6AddrMask = 0x101;

    /// <summary><c>FWP_MATCH_EQUAL</c>.</summary>
    public const uint FwpMatchEqual = 0;

    /// <summary><c>FWP_MATCH_FLAGS_ALL_SET</c>.</summary>
    public const uint FwpMatchFlagsAllSet = 6;

    /// <summary><c>FWP_ACTION_FLAG_TERMINATING</c>.</summary>
    public const uint FwpActionFlagTerminating = 0x00001000;

    /// <summary><c>FWP_ACTION_BLOCK</c>.</summary>
    public const uint FwpActionBlock = 0x00000001 | FwpActionFlagTerminating;

    /// <summary><c>FWP_ACTION_PERMIT</c>.</summary>
    public const uint FwpActionPermit = 0x00000002 | FwpActionFlagTerminating;

    /// <summary><c>FWPM_FILTER_FLAG_PERSISTENT</c>: stored by the Base Filtering Engine, survives the session, a
    /// service crash and a reboot (until deleted).</summary>
    public const uint FwpmFilterFlagPersistent = 0x00000001;

    /// <summary><c>FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT</c>: the action cannot be overridden by lower-priority
    /// sublayers (a "hard" action).</summary>
    public const uint FwpmFilterFlagClearActionRight = 0x00000008;

    /// <summary><c>FWPM_PROVIDER_FLAG_PERSISTENT</c>.</summary>
    public const uint FwpmProviderFlagPersistent = 0x00000001;

    /// <summary><c>FWPM_SUBLAYER_FLAG_PERSISTENT</c>.</summary>
    public const uint FwpmSubLayerFlagPersistent = 0x00000001;

    /// <summary><c>RPC_C_AUTHN_WINNT</c> (rpcdce.h), the authentication <c>FwpmEngineOpen0</c> uses locally.</summary>
    public const uint RpcCAuthnWinNT = 10;

    // winerror.h.

    /// <summary><c>ERROR_ACCESS_DENIED</c>.</summary>
    public const uint ErrorAccessDenied = 5;

    /// <summary><c>E_ACCESSDENIED</c> (the HRESULT form RPC may return).</summary>
    public const uint EAccessDenied = 0x80070005;

    /// <summary><c>ERROR_INVALID_PARAMETER</c> (ConvertInterfaceAliasToLuid: no such alias).</summary>
    public const uint ErrorInvalidParameter = 87;

    /// <summary><c>RPC_S_SERVER_UNAVAILABLE</c>: the Base Filtering Engine is not running.</summary>
    public const uint RpcSServerUnavailable = 1722;

    /// <summary><c>EPT_S_NOT_REGISTERED</c>: the Base Filtering Engine's endpoint is not registered (not running).</summary>
    public const uint EptSNotRegistered = 1753;

    /// <summary><c>FWP_E_FILTER_NOT_FOUND</c>.</summary>
    public const uint FwpEFilterNotFound = 0x80320003;

    /// <summary><c>FWP_E_PROVIDER_NOT_FOUND</c>.</summary>
    public const uint FwpEProviderNotFound = 0x80320005;

    /// <summary><c>FWP_E_SUBLAYER_NOT_FOUND</c>.</summary>
    public const uint FwpESubLayerNotFound = 0x80320007;

    /// <summary><c>FWP_E_NOT_FOUND</c>.</summary>
    public const uint FwpENotFound = 0x80320008;

    /// <summary><c>FWP_E_TIMEOUT</c>: <see cref="FwpmSession0.TxnWaitTimeoutInMSec"/> passed waiting for another
    /// transaction.</summary>
    public const uint FwpETimeout = 0x80320012;

    // Layer GUIDs (fwpmu.h).

    /// <summary><c>FWPM_LAYER_ALE_AUTH_CONNECT_V4</c>.</summary>
    public static readonly Guid LayerAleAuthConnectV4 = new("c38d57d1-05a7-4c33-904f-7fbceee60e82");

    /// <summary><c>FWPM_LAYER_ALE_AUTH_CONNECT_V6</c>.</summary>
    public static readonly Guid LayerAleAuthConnectV6 = new("4a72393b-319f-44bc-84c3-ba54dcb3b6b4");

    /// <summary><c>FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4</c>.</summary>
    public static readonly Guid LayerAleAuthRecvAcceptV4 = new("e1cd9fe7-f4b5-4273-96c0-592e487b8650");

    /// <summary><c>FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V6</c>.</summary>
    public static readonly Guid LayerAleAuthRecvAcceptV6 = new("a3b42c97-9f04-4672-b87e-cee9c483257f");

    // Condition GUIDs (fwpmu.h).

    /// <summary><c>FWPM_CONDITION_IP_REMOTE_ADDRESS</c>.</summary>
    public static readonly Guid ConditionIPRemoteAddress = new("b235ae9a-1d64-49b8-a44c-5ff3d9095045");

    /// <summary><c>FWPM_CONDITION_IP_LOCAL_ADDRESS</c>.</summary>
    public static readonly Guid ConditionIPLocalAddress = new("d9ee00de-c1ef-4617-bfe3-ffd8f5a08957");

    /// <summary><c>FWPM_CONDITION_IP_PROTOCOL</c>.</summary>
    public static readonly Guid ConditionIPProtocol = new("3971ef2b-623e-4f9a-8cb1-6e79b806b9a7");

    /// <summary><c>FWPM_CONDITION_IP_LOCAL_PORT</c> (also <c>FWPM_CONDITION_ICMP_TYPE</c>).</summary>
    public static readonly Guid ConditionIPLocalPort = new("0c1ba1af-5765-453f-af22-a8f791ac775b");

    /// <summary><c>FWPM_CONDITION_IP_REMOTE_PORT</c> (also <c>FWPM_CONDITION_ICMP_CODE</c>).</summary>
    public static readonly Guid ConditionIPRemotePort = new("c35a604d-d22b-4e1a-91b4-68f674ee674b");

    /// <summary><c>FWPM_CONDITION_FLAGS</c>.</summary>
    public static readonly Guid ConditionFlags = new("632ce23b-5167-435c-86d7-e903684aa80c");

    /// <summary><c>FWPM_CONDITION_IP_LOCAL_INTERFACE</c> (an <c>FWP_UINT64</c> interface LUID).</summary>
    public static readonly Guid ConditionIPLocalInterface = new("4cd62a49-59c3-4969-b7f3-bda5d32890a4");

    /// <summary>The layer GUID of <paramref name="layer"/>.</summary>
    public static Guid Layer(WfpLayer layer) => layer switch
    {
        WfpLayer.ConnectV4 => LayerAleAuthConnectV4,
        WfpLayer.ConnectV6 => LayerAleAuthConnectV6,
        WfpLayer.RecvAcceptV4 => LayerAleAuthRecvAcceptV4,
        WfpLayer.RecvAcceptV6 => LayerAleAuthRecvAcceptV6,
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, null),
    };

    /// <summary>The condition GUID of <paramref name="field"/>.</summary>
    public static Guid Field(WfpField field) => field switch
    {
        WfpField.RemoteAddress => ConditionIPRemoteAddress,
        WfpField.LocalAddress => ConditionIPLocalAddress,
        WfpField.Protocol => ConditionIPProtocol,
        WfpField.LocalPort or WfpField.IcmpType => ConditionIPLocalPort,
        WfpField.RemotePort => ConditionIPRemotePort,
        WfpField.Flags => ConditionFlags,
        WfpField.LocalInterface => ConditionIPLocalInterface,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
