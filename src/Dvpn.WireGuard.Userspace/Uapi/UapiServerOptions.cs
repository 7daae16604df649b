namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>Settings of a <see cref="UapiServer"/>.</summary>
internal sealed class UapiServerOptions
{
    /// <summary>Where wg(8) looks for sockets, and wireguard-go puts them.</summary>
    public const string DefaultSocketDirectory = "/var/run/wireguard";

    /// <summary>The directory of the socket <c>&lt;name&gt;.sock</c>; created (mode 0755) when missing. Default <see cref="DefaultSocketDirectory"/>.</summary>
    public string SocketDirectory { get; init; } = DefaultSocketDirectory;

    /// <summary>Connections served at once; more are closed on accept. Default 64.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>The most peers in one <c>set=1</c> request. Default <see cref="UapiSetParser.DefaultMaxPeers"/>.</summary>
    public int MaxPeersPerRequest { get; init; } = UapiSetParser.DefaultMaxPeers;

    /// <summary>The most allowed IPs in one <c>set=1</c> request. Default <see cref="UapiSetParser.DefaultMaxAllowedIps"/>.</summary>
    public int MaxAllowedIpsPerRequest { get; init; } = UapiSetParser.DefaultMaxAllowedIps;
}
