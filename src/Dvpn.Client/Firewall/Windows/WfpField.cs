namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// The filter condition fields the kill switch uses (<c>FWPM_CONDITION_*</c> in fwpmu.h). Conditions of one field are
/// OR-ed by WFP, conditions of different fields AND-ed: one filter can say "TCP or UDP, to port 53 or 853".
/// </summary>
internal enum WfpField
{
    /// <summary><c>FWPM_CONDITION_IP_REMOTE_ADDRESS</c>: the other side's address (destination when connecting,
    /// source when accepting).</summary>
    RemoteAddress,

    /// <summary><c>FWPM_CONDITION_IP_LOCAL_ADDRESS</c>: our own address of the flow.</summary>
    LocalAddress,

    /// <summary><c>FWPM_CONDITION_IP_PROTOCOL</c>: the IP protocol number (6 TCP, 17 UDP, 58 ICMPv6), an 8-bit value.</summary>
    Protocol,

    /// <summary><c>FWPM_CONDITION_IP_LOCAL_PORT</c>: our port, 16 bits.</summary>
    LocalPort,

    /// <summary><c>FWPM_CONDITION_IP_REMOTE_PORT</c>: the other side's port, 16 bits.</summary>
    RemotePort,

    /// <summary><c>FWPM_CONDITION_ICMP_TYPE</c>, which fwpmu.h defines as <c>FWPM_CONDITION_IP_LOCAL_PORT</c>: for
    /// ICMP flows WFP carries the type in the local port field.</summary>
    IcmpType,

    /// <summary><c>FWPM_CONDITION_FLAGS</c> matched with <c>FWP_MATCH_FLAGS_ALL_SET</c> (e.g.
    /// <c>FWP_CONDITION_FLAG_IS_LOOPBACK</c>), 32 bits.</summary>
    Flags,

    /// <summary><c>FWPM_CONDITION_IP_LOCAL_INTERFACE</c>: the interface the flow uses, by LUID (resolved from the
    /// interface alias when the filters are installed).</summary>
    LocalInterface,
}
