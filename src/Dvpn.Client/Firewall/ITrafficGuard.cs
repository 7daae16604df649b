using System.Net;
using Dvpn.Chain.Providers;

namespace Dvpn.Client.Firewall;

/// <summary>
/// What the tunnel state machine and its sessions tell the kill switch and the DNS configuration, in the order things
/// happen. Each call replaces the rules in force in one transaction; a failure throws and leaves the previous rules.
/// </summary>
internal interface ITrafficGuard
{
    /// <summary>The rules in force now.</summary>
    FirewallStatus Status { get; }

    /// <summary>Connecting, reconnecting, error: block everything outside a tunnel, except the chain and the session
    /// endpoint of <paramref name="provider"/> (null while selecting: of every listed provider, for the latency
    /// probes).</summary>
    Task BlockAsync(ProviderListing? provider, CancellationToken cancellationToken);

    /// <summary>A session was granted: the tunnel, the encrypted packets to the provider and DNS to the tunnel's
    /// servers pass; then the system resolver is pointed at them.</summary>
    Task OpenTunnelAsync(TunnelOpening tunnel, CancellationToken cancellationToken);

    /// <summary>An explicit disconnect: the rules go (or, with lockdown, the lockdown rules stay) and DNS is put back.</summary>
    Task ReleaseAsync(CancellationToken cancellationToken);

    /// <summary>Lockdown, allow-LAN or the custom DNS servers changed: the rules for the present moment are applied again.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>The client stops: DNS is put back; the rules stay when <paramref name="keepBlocking"/> (the user's
    /// target is secured: blocking lasts until the next start decides), else they go as on a disconnect.</summary>
    Task ShutdownAsync(bool keepBlocking);
}

/// <summary>What a granted session opens.</summary>
/// <param name="Interface">The tunnel's interface name.</param>
/// <param name="WireGuardEndpoint">The provider's WireGuard endpoint.</param>
/// <param name="Provider">The provider (its session endpoint stays reachable).</param>
/// <param name="ProviderDns">The DNS servers the provider assigned.</param>
/// <param name="IPv6">The session has an IPv6 address: IPv6 goes through the tunnel (else it is blocked).</param>
internal sealed record TunnelOpening(string Interface, IPEndPoint WireGuardEndpoint, ProviderListing Provider, IReadOnlyList<IPAddress> ProviderDns, bool IPv6);
