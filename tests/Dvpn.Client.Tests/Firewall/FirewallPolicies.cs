using System.Net;
using Dvpn.Client.Firewall;

namespace Dvpn.Client.Tests.Firewall;

/// <summary>The policies the tests build scripts from: one per moment of the tunnel state machine.</summary>
internal static class FirewallPolicies
{
    public static readonly IPEndPoint WireGuard = IPEndPoint.Parse("203.0.113.7:51820");
    public static readonly IPEndPoint WireGuard6 = IPEndPoint.Parse("[2001:db8::7]:51820");
    public static readonly IPEndPoint SessionOpening = IPEndPoint.Parse("203.0.113.7:8443");
    public static readonly IPEndPoint Chain = IPEndPoint.Parse("198.51.100.20:8545");
    public static readonly IPAddress Dns = IPAddress.Parse("10.64.0.1");
    public static readonly IPAddress Dns6 = IPAddress.Parse("fd00:64::1");

    /// <summary>Disconnected with lockdown on.</summary>
    public static FirewallPolicy Lockdown => FirewallPolicy.Lockdown(allowLan: false);

    /// <summary>Connecting: no tunnel yet, the provider's endpoints and the chain are reachable.</summary>
    public static FirewallPolicy Connecting => new()
    {
        WireGuardEndpoints = [WireGuard],
        ProviderEndpoints = [SessionOpening],
        ChainEndpoints = [Chain],
    };

    /// <summary>Connected over IPv4 only (IPv6 blocked), with the provider's DNS server.</summary>
    public static FirewallPolicy Connected => Connecting with { TunnelInterface = "dvpn0", DnsServers = [Dns] };

    /// <summary>Connected with IPv6 through the tunnel and an IPv6 DNS server too.</summary>
    public static FirewallPolicy ConnectedIPv6 => Connected with
    {
        TunnelIPv6 = true,
        DnsServers = [Dns, Dns6],
        WireGuardEndpoints = [WireGuard, WireGuard6],
    };

    /// <summary>Every policy above, with and without LAN and a firewall mark.</summary>
    public static IEnumerable<FirewallPolicy> All()
    {
        foreach (FirewallPolicy policy in (FirewallPolicy[])[Lockdown, Connecting, Connected, ConnectedIPv6])
        {
            yield return policy;
            yield return policy with { AllowLan = true, FirewallMark = 0xca6c };
        }
    }
}
