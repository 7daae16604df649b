namespace Dvpn.Provider.Hosting;

/// <summary>What clients are told about the provider's WireGuard endpoint (configuration section <c>Provider:WireGuard</c>).</summary>
internal sealed class WireGuardEndpointOptions
{
    /// <summary>The advertised <c>host:port</c> clients send WireGuard packets to. Required.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The keepalive clients should set on their peer, in seconds; 0 for none. Default 25.</summary>
    public int PersistentKeepalive { get; set; } = 25;
}
