using System.Net;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// What may cross the client's uplink while the kill switch blocks, by destination (client to router) and by source
/// (router to client): ARP, the needed parts of NDP and MLD, UDP to each provider's WireGuard endpoint, TCP to each
/// provider's session endpoint and TCP to the chain's JSON-RPC endpoint. Everything else counts as "other".
/// </summary>
/// <param name="WireGuard">The providers' WireGuard endpoints (UDP).</param>
/// <param name="Sessions">The providers' session endpoints (TCP, session opening and latency probes).</param>
/// <param name="Chain">The chain's JSON-RPC endpoints (TCP).</param>
public sealed record UplinkAllowance(IReadOnlyList<IPEndPoint> WireGuard, IReadOnlyList<IPEndPoint> Sessions, IReadOnlyList<IPEndPoint> Chain)
{
    /// <summary>
    /// The ICMPv6 types that are allowed: router solicitation and advertisement, neighbour solicitation and
    /// advertisement (RFC 4861 §4.1 to §4.4) and MLDv2 listener reports (RFC 3810 §5.2).
    /// </summary>
    public static IReadOnlyList<int> NeighbourDiscoveryTypes { get; } = [133, 134, 135, 136, 143];
}
