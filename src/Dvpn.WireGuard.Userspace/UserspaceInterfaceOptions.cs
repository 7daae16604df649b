namespace Dvpn.WireGuard.Userspace;

/// <summary>How a <see cref="UserspaceInterface"/> is created.</summary>
public sealed class UserspaceInterfaceOptions
{
    /// <summary>The TUN device's MTU. Default 1420 (WireGuard's usual: 1500 minus the IPv6 and message overhead).</summary>
    public int Mtu { get; set; } = 1420;

    /// <summary>A named network namespace (<c>ip netns</c>) to create the TUN device and the UDP socket in. Default null: the process's own.</summary>
    public string? NetworkNamespace { get; set; }

    /// <summary>Where the UAPI socket <c>NAME.sock</c> is created. Default <c>/var/run/wireguard</c>, where <c>wg</c> looks.</summary>
    public string SocketDirectory { get; set; } = "/var/run/wireguard";

    /// <summary>
    /// Whether the TUN device hands us large TCP segments (up to 64 KiB) and unfinished checksums, which we cut and
    /// finish ourselves (IFF_VNET_HDR with TSO): far fewer reads and far less TCP work in the kernel. Default true.
    /// </summary>
    public bool Offloads { get; set; } = true;

    /// <summary>Datagrams taken from the UDP socket per system call (recvmmsg); 1 receives one at a time. Default 16.</summary>
    public int ReceiveBatchSize { get; set; } = 16;

    /// <summary>
    /// Whether runs of messages to one peer (the pieces of one large TCP segment) leave in one system call, with UDP
    /// segmentation offload where the kernel has it. Default true.
    /// </summary>
    public bool CoalesceSends { get; set; } = true;

    /// <summary>Whether to serve the UAPI socket at all. Default true.</summary>
    public bool ServeUapi { get; set; } = true;
}
