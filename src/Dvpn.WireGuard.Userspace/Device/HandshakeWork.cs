using System.Net;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>A handshake initiation or response copied off the receive path for the handshake worker, with where it came from.</summary>
internal sealed record HandshakeWork(byte[] Message, SocketAddress Source);
