using Dvpn.WireGuard.Devices;

namespace Dvpn.Client.Options;

/// <summary>The tunnel interface and its routes.</summary>
public sealed class TunnelOptions
{
    /// <summary>The WireGuard interface name. Default <c>dvpn0</c>.</summary>
    public string InterfaceName { get; set; } = "dvpn0";

    /// <summary>
    /// The WireGuard backend. Null (default): wireguard-go through UAPI (<see cref="WireGuardGoPath"/>).
    /// <see cref="WireGuardBackendKind.ManagedUserspace"/>: our own engine inside this process (Linux; no external
    /// binary, also inside <see cref="NetworkNamespace"/>).
    /// </summary>
    public WireGuardBackendKind? Backend { get; set; }

    /// <summary>The wireguard-go executable for the UAPI backend. Default <c>wireguard-go</c> from PATH.</summary>
    public string WireGuardGoPath { get; set; } = "wireguard-go";

    /// <summary>
    /// Linux only: a named network namespace (<c>ip netns</c>) that holds the tunnel, its routes, and every connection
    /// the client makes to providers (session opening, latency probes, payments); chain RPC stays in the process's own
    /// namespace. Null (default) is the process's own namespace. Used to confine the VPN to one namespace, and by the
    /// test suite.
    /// </summary>
    public string? NetworkNamespace { get; set; }

    /// <summary>
    /// Route all traffic through the tunnel (0.0.0.0/1 and 128.0.0.0/1, plus ::/1 and 8000::/1 with IPv6), except the
    /// provider's endpoint. Default true. When false only the provider's tunnel network is routed (for embedding apps
    /// that route themselves).
    /// </summary>
    public bool RouteAllTraffic { get; set; } = true;

    /// <summary>Ask providers for an IPv6 tunnel address too. Default true.</summary>
    public bool RequestIPv6 { get; set; } = true;

    /// <summary>How long the first WireGuard handshake may take after the session opened. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of the OpenSession and CloseSession calls. Default 10 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
