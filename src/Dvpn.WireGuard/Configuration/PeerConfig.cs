using System.Net;

namespace Dvpn.WireGuard.Configuration;

/// <summary>One peer of an <see cref="InterfaceConfig"/>.</summary>
public sealed class PeerConfig
{
    /// <summary>The peer's public key: its identity.</summary>
    public required PublicKey PublicKey { get; init; }

    /// <summary>An optional preshared key (owned by the caller); null leaves it unchanged.</summary>
    public PresharedKey? PresharedKey { get; init; }

    /// <summary>Where to send packets until the peer roams; null leaves it unchanged.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>The source addresses accepted from this peer and the destinations routed to it. Default empty.</summary>
    public IReadOnlyList<IPNetwork> AllowedIPs { get; init; } = [];

    /// <summary>When true (default) <see cref="AllowedIPs"/> replaces the peer's list; when false it is added to it.</summary>
    public bool ReplaceAllowedIPs { get; init; } = true;

    /// <summary>Keepalive interval in seconds (0: off); null leaves it unchanged.</summary>
    public ushort? PersistentKeepalive { get; init; }

    /// <summary>Remove this peer instead of setting it. Default false.</summary>
    public bool Remove { get; init; }

    /// <summary>Only update the peer if it exists; never create it. Default false.</summary>
    public bool UpdateOnly { get; init; }
}
