namespace Dvpn.WireGuard.Userspace;

/// <summary>
/// Exact per-peer counters of a <see cref="UserspaceInterface"/>, read without a round trip through UAPI.
/// </summary>
/// <param name="ReceivedBytes">Authenticated datagrams received from the peer, whole (what <c>wg</c> calls received).</param>
/// <param name="TransmittedBytes">Datagrams sent to the peer, whole (what <c>wg</c> calls sent).</param>
/// <param name="ReceivedPacketBytes">IP packets from the peer handed to the interface: the traffic a provider meters.</param>
/// <param name="ForwardedPacketBytes">IP packets from the interface sealed for the peer.</param>
/// <param name="LastHandshake">When the latest handshake completed, or null.</param>
/// <param name="Forwarding">Whether the peer's packets are forwarded (see <see cref="UserspaceInterface.SetForwarding"/>).</param>
public readonly record struct PeerTraffic(
    long ReceivedBytes,
    long TransmittedBytes,
    long ReceivedPacketBytes,
    long ForwardedPacketBytes,
    DateTimeOffset? LastHandshake,
    bool Forwarding);
