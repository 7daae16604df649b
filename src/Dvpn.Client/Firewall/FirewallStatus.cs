namespace Dvpn.Client.Firewall;

/// <summary>What the kill switch is doing now, as the daemon reports it (capabilities, events).</summary>
/// <param name="Mode">Which rules are in force.</param>
/// <param name="Backend">The firewall in use: <c>nftables</c>, <c>wfp</c>; empty when the kill switch is turned off
/// (<see cref="Options.FirewallOptions.KillSwitch"/>).</param>
/// <param name="Lockdown">Lockdown is on: traffic stays blocked while disconnected.</param>
/// <param name="AllowLan">Local networks bypass the block.</param>
/// <param name="Error">Why the last change could not be applied (the rules in force are the previous ones); null
/// when it was.</param>
public sealed record FirewallStatus(FirewallMode Mode, string Backend, bool Lockdown, bool AllowLan, string? Error);

/// <summary>The rules in force.</summary>
public enum FirewallMode
{
    /// <summary>No rules of ours: traffic flows as the machine routes it (disconnected, lockdown off).</summary>
    Off = 1,

    /// <summary>Everything outside a tunnel is blocked; only the chain, the providers' session endpoints (while
    /// connecting), loopback, DHCP/NDP and, when allowed, the LAN pass (connecting, reconnecting, error, lockdown).</summary>
    Blocking = 2,

    /// <summary>Only the tunnel passes, plus the encrypted packets to its provider (connected).</summary>
    Tunnel = 3,
}
