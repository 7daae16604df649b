namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>A transport whose datagrams can carry a firewall mark (SO_MARK on Linux), for policy routing around the tunnel.</summary>
internal interface IFirewallMarkable
{
    /// <summary>The mark (0: none).</summary>
    uint FirewallMark { get; set; }
}
