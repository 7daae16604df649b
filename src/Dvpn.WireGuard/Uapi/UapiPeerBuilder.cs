using System.Net;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Uapi;

/// <summary>A peer being read from a <c>get</c> reply, attribute by attribute.</summary>
internal sealed class UapiPeerBuilder(PublicKey publicKey)
{
    public bool HasPresharedKey { get; set; }

    public IPEndPoint? Endpoint { get; set; }

    public List<IPNetwork> AllowedIPs { get; } = [];

    public ushort PersistentKeepalive { get; set; }

    public long HandshakeSeconds { get; set; }

    public long HandshakeNanoseconds { get; set; }

    public ulong ReceivedBytes { get; set; }

    public ulong TransmittedBytes { get; set; }

    public PeerState Build()
    {
        // Both zero means "never" (wireguard.com/xplatform).
        DateTimeOffset? handshake = HandshakeSeconds == 0 && HandshakeNanoseconds == 0
            ? null
            : DateTimeOffset.FromUnixTimeSeconds(HandshakeSeconds).AddTicks(HandshakeNanoseconds / 100);
        return new PeerState(publicKey, HasPresharedKey, Endpoint, AllowedIPs.ToArray(), PersistentKeepalive, handshake,
            ReceivedBytes, TransmittedBytes);
    }
}
