using Dvpn.WireGuard.Uapi;

namespace Dvpn.Provider.DataPlane;

/// <summary>The provider's data plane settings (configuration section <c>Provider:Tunnel</c>).</summary>
internal sealed class TunnelOptions
{
    /// <summary>WireGuard interface name. Default <c>dvpnp0</c>.</summary>
    public string Interface { get; set; } = "dvpnp0";

    /// <summary>UDP port WireGuard listens on. Default 51820.</summary>
    public ushort ListenPort { get; set; } = 51820;

    /// <summary>IPv4 session pool; its first host address is the provider's. Default 10.77.0.0/16.</summary>
    public string IPv4Pool { get; set; } = "10.77.0.0/16";

    /// <summary>IPv6 session pool; none by default.</summary>
    public string? IPv6Pool { get; set; }

    /// <summary>Tunnel MTU. Default 1420.</summary>
    public int Mtu { get; set; } = 1420;

    /// <summary>DNS servers told to clients. Default 1.1.1.1 and 9.9.9.9.</summary>
    public List<string> Dns { get; set; } = ["1.1.1.1", "9.9.9.9"];

    /// <summary>The interface that leads to the internet; traffic from the pools is masqueraded out of it. None: no NAT.</summary>
    public string? UpstreamInterface { get; set; }

    /// <summary>Refuse forwarding from the pools to private, loopback and link-local ranges (the provider's LAN). Default true.</summary>
    public bool BlockPrivateDestinations { get; set; } = true;

    /// <summary>TCP port of the payment endpoint on the tunnel address. Default 7001.</summary>
    public ushort PaymentPort { get; set; } = 7001;

    /// <summary>The <see cref="Backend"/> value that selects our managed WireGuard, run inside the provider process.</summary>
    public const string ManagedUserspaceBackend = "ManagedUserspace";

    /// <summary>
    /// Which WireGuard runs the tunnel: unset (or <c>Auto</c>) picks as always (the kernel module where loaded, else
    /// wireguard-go over UAPI); <c>ManagedUserspace</c> runs our managed engine inside this process (no external binary;
    /// exact per-peer counters read directly). Default unset.
    /// </summary>
    public string? Backend { get; set; }

    /// <summary>True when <see cref="Backend"/> selects the managed engine (any letter case).</summary>
    internal bool UsesManagedUserspace => string.Equals(Backend, ManagedUserspaceBackend, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <see cref="Backend"/> is one the provider knows: unset, <c>Auto</c> or <c>ManagedUserspace</c>.</summary>
    internal bool HasKnownBackend => string.IsNullOrEmpty(Backend) || string.Equals(Backend, "Auto", StringComparison.OrdinalIgnoreCase) || UsesManagedUserspace;

    /// <summary>wireguard-go settings (the UAPI backend used on Linux without the kernel module; the managed engine takes its socket directory, timeouts and namespace from here too).</summary>
    public UapiBackendOptions Uapi { get; set; } = new();

    /// <summary>
    /// Tests only (not bound from configuration): the named network namespace (<c>ip netns</c>) the data plane is
    /// built in instead of the process's own. wireguard-go, <c>nft</c> and <c>sysctl</c> then run behind
    /// <c>ip netns exec NAME</c>, and rtnetlink is opened inside it. The UAPI backend is used, or the managed engine
    /// (created inside the namespace) when <see cref="Backend"/> selects it. Default null.
    /// </summary>
    internal string? NetworkNamespace { get; set; }

    /// <summary>Tests only: the nft executable, a path or a name looked up in PATH. Default <c>nft</c>.</summary>
    internal string NftPath { get; set; } = "nft";

    /// <summary>The argument list put before <c>nft</c>, <c>sysctl</c> and wireguard-go: empty, or <c>ip netns exec NAME</c>.</summary>
    internal IReadOnlyList<string> CommandPrefix => NetworkNamespace is { } ns ? ["ip", "netns", "exec", ns] : [];
}
