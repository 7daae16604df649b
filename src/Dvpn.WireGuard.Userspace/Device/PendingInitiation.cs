using Dvpn.WireGuard.Userspace.Noise;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>An initiation we sent and wait an answer for: what the index table holds under its sender index until the response arrives.</summary>
internal sealed class PendingInitiation(Peer peer, Handshake handshake)
{
    /// <summary>The peer it was sent to.</summary>
    public Peer Peer { get; } = peer;

    /// <summary>The handshake state (disposed when superseded).</summary>
    public Handshake Handshake { get; } = handshake;
}
