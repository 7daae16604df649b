namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// The WFP layers the kill switch filters at: the ALE (Application Layer Enforcement) authorisation layers, which
/// decide once per flow (connection, or UDP local/remote pair) rather than per packet. Answers to an authorised flow
/// never reach these layers again, which is why inbound permits are only needed for flows the other side starts.
/// </summary>
internal enum WfpLayer
{
    /// <summary><c>FWPM_LAYER_ALE_AUTH_CONNECT_V4</c>: an outgoing IPv4 connection or the first packet of an outgoing
    /// UDP/ICMP flow.</summary>
    ConnectV4,

    /// <summary><c>FWPM_LAYER_ALE_AUTH_CONNECT_V6</c>: the same for IPv6.</summary>
    ConnectV6,

    /// <summary><c>FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4</c>: an incoming IPv4 connection or the first packet of an
    /// incoming UDP/ICMP flow.</summary>
    RecvAcceptV4,

    /// <summary><c>FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V6</c>: the same for IPv6.</summary>
    RecvAcceptV6,
}
