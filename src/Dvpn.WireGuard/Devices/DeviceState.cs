using System.Net;

namespace Dvpn.WireGuard.Devices;

/// <summary>A device's configuration and statistics as read back from it. Never contains the private key.</summary>
/// <param name="PublicKey">The interface's public key; null when no private key is set.</param>
/// <param name="ListenPort">The UDP port it listens on (0 when not bound).</param>
/// <param name="FirewallMark">The fwmark on its outgoing packets (0 for none).</param>
/// <param name="Peers">Its peers.</param>
public sealed record DeviceState(PublicKey? PublicKey, ushort ListenPort, uint FirewallMark, IReadOnlyList<PeerState> Peers);

/// <summary>One peer as read back from a device.</summary>
/// <param name="PublicKey">The peer's public key.</param>
/// <param name="HasPresharedKey">Whether a preshared key is set (the key itself is not exposed).</param>
/// <param name="Endpoint">The peer's current endpoint, if known.</param>
/// <param name="AllowedIPs">The peer's allowed IPs.</param>
/// <param name="PersistentKeepalive">Keepalive interval in seconds; 0 when off.</param>
/// <param name="LastHandshake">The last completed handshake; null when there was none.</param>
/// <param name="ReceivedBytes">Bytes received from the peer.</param>
/// <param name="TransmittedBytes">Bytes sent to the peer.</param>
public sealed record PeerState(
    PublicKey PublicKey,
    bool HasPresharedKey,
    IPEndPoint? Endpoint,
    IReadOnlyList<IPNetwork> AllowedIPs,
    ushort PersistentKeepalive,
    DateTimeOffset? LastHandshake,
    ulong ReceivedBytes,
    ulong TransmittedBytes);
