namespace Dvpn.Client.Options;

/// <summary>
/// Fail-closed traffic (DESIGN §6): the kill switch, lockdown, LAN access and DNS. On Linux the kill switch is one
/// nftables table of ours (<c>inet dvpn_killswitch</c>) in the tunnel's namespace; see docs/architecture.md.
/// </summary>
public sealed class FirewallOptions
{
    private readonly Lock _gate = new();

    /// <summary>
    /// Block every packet outside the tunnel in every state but an explicit Disconnect: connecting, connected,
    /// reconnecting and error. Default true. False leaves the machine's traffic alone (for embedding apps that run
    /// their own firewall).
    /// </summary>
    public bool KillSwitch { get; set; } = true;

    /// <summary>Block even while disconnected, until turned off. Default false. Changes apply at once
    /// (<see cref="DvpnClient.UpdateFirewallAsync"/>).</summary>
    public bool Lockdown { get; set; }

    /// <summary>Let traffic to and from local networks (10/8, 172.16/12, 192.168/16, 169.254/16, fe80::/10, fc00::/7 and
    /// local multicast) bypass the tunnel. Default false. DNS to a LAN resolver stays blocked.</summary>
    public bool AllowLan { get; set; }

    /// <summary>DNS servers (IP addresses, at most 8) to use inside the tunnel instead of the provider's. Default
    /// empty: the provider's.</summary>
    public IList<string> CustomDns { get; set; } = [];

    /// <summary>Point the system's resolver at the tunnel's DNS servers while connected (systemd-resolved where it
    /// runs, else <see cref="ResolvConfPath"/>) and put back exactly what was there after. Default true.</summary>
    public bool ManageDns { get; set; } = true;

    /// <summary>The resolv.conf to manage where systemd-resolved does not run. Default <c>/etc/resolv.conf</c>, or
    /// <c>/etc/netns/NAME/resolv.conf</c> with <see cref="TunnelOptions.NetworkNamespace"/> (what processes started
    /// with <c>ip netns exec NAME</c> see as /etc/resolv.conf).</summary>
    public string? ResolvConfPath { get; set; }

    /// <summary>The nft executable. Default <c>nft</c> from PATH (or /usr/sbin).</summary>
    public string NftPath { get; set; } = "nft";

    /// <summary>Reads lockdown, allow-LAN and the custom DNS servers together (one consistent view).</summary>
    internal (bool Lockdown, bool AllowLan, IReadOnlyList<string> CustomDns) Snapshot()
    {
        lock (_gate)
        {
            return (Lockdown, AllowLan, [.. CustomDns]);
        }
    }

    /// <summary>Replaces lockdown, allow-LAN and the custom DNS servers together.</summary>
    internal void Set(bool lockdown, bool allowLan, IReadOnlyList<string> customDns)
    {
        lock (_gate)
        {
            (Lockdown, AllowLan, CustomDns) = (lockdown, allowLan, [.. customDns]);
        }
    }
}
