using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>
/// The outer side of a device: UDP datagrams carrying WireGuard messages, IPv4 and IPv6 on one port. A dual-stack
/// UDP socket in production (<c>UdpTransport</c>), memory in tests. Endpoints are <see cref="SocketAddress"/>
/// so that neither side allocates per datagram. <see cref="Receive"/> is called from one dedicated thread,
/// <see cref="Send"/> from any thread.
/// </summary>
internal interface IDatagramTransport : IDisposable
{
    /// <summary>The bound local port (the chosen one when 0 was asked for).</summary>
    ushort Port { get; }

    /// <summary>
    /// Blocks until a datagram arrives, copies it into <paramref name="buffer"/> and its source into
    /// <paramref name="source"/> (an <see cref="AddressFamily.InterNetworkV6"/>-sized address, IPv4 sources arrive as
    /// v4-mapped or plain IPv4 depending on the implementation; compare with <see cref="SocketAddress.Equals(object?)"/>).
    /// Returns the length, or -1 once the transport is disposed.
    /// </summary>
    int Receive(Span<byte> buffer, SocketAddress source);

    /// <summary>Sends one datagram; false when the network refused it (unreachable, no route, buffer full), which the caller counts.</summary>
    bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination);

    /// <summary>Converts an endpoint into the address form <see cref="Send"/> takes on this transport.</summary>
    SocketAddress ToSocketAddress(IPEndPoint endpoint);

    /// <summary>Converts an address received or accepted by this transport back into an endpoint (IPv4-mapped shown as IPv4).</summary>
    IPEndPoint ToEndPoint(SocketAddress address);
}
