using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>
/// The production <see cref="IDatagramTransport"/>: one UDP socket for IPv4 and IPv6 (dual-stack; IPv4-only when the
/// host has IPv6 disabled), blocking calls on the engine's dedicated threads, no allocation per datagram.
/// On a dual-stack socket every address is IPv6, IPv4 peers as v4-mapped (<c>::ffff:a.b.c.d</c>).
/// </summary>
internal sealed partial class UdpTransport : IDatagramTransport, IFirewallMarkable
{
    /// <summary>The send and receive buffer size asked for (as wireguard-go does: bursts at line rate need room).</summary>
    public const int SocketBufferSize = 7 << 20;

    // Linux socket options .NET does not name (asm-generic/socket.h).
    private const int SolSocket = 1;
    private const int SoSndBufForce = 32;
    private const int SoRcvBufForce = 33;
    private const int SoMark = 36;

    private readonly Socket _socket;
    private uint _firewallMark;
    private volatile bool _disposed;

    private UdpTransport(Socket socket, string? networkNamespace)
    {
        _socket = socket;
        NetworkNamespace = networkNamespace;
        Port = (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
        IsDualStack = socket.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <inheritdoc />
    public ushort Port { get; }

    /// <summary>True for the dual-stack (IPv6 with IPv4-mapped) socket, false for the IPv4-only fallback.</summary>
    public bool IsDualStack { get; }

    /// <summary>The named network namespace the socket was created in, or null for the caller's own.</summary>
    public string? NetworkNamespace { get; }

    /// <summary>The underlying socket (for options and diagnostics; the engine uses only this type's methods).</summary>
    public Socket Socket => _socket;

    /// <summary>
    /// The firewall mark (SO_MARK) put on every datagram sent, 0 for none (the default); policy routing uses it to
    /// keep the tunnel's own traffic out of the tunnel. Setting needs CAP_NET_ADMIN.
    /// </summary>
    /// <exception cref="SocketException">The kernel refused (not permitted).</exception>
    public uint FirewallMark
    {
        get => _firewallMark;
        set
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("SO_MARK exists only on Linux.");
            }

            SetIntOption(SoMark, unchecked((int)value));
            _firewallMark = value;
        }
    }

    /// <summary>
    /// Binds a UDP socket to <paramref name="port"/> on all addresses (0: the kernel picks, see <see cref="Port"/>),
    /// inside the named <paramref name="networkNamespace"/> when given (the socket stays there for its life).
    /// </summary>
    /// <exception cref="SocketException">The port is taken or cannot be bound.</exception>
    /// <exception cref="Dvpn.WireGuard.Linux.NetlinkException">The namespace does not exist or cannot be entered.</exception>
    public static UdpTransport Bind(ushort port, string? networkNamespace = null)
    {
        if (networkNamespace is null)
        {
            return new UdpTransport(CreateSocket(port), null);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Network namespaces exist only on Linux.");
        }

        return new UdpTransport(Dvpn.WireGuard.Linux.NetworkNamespace.RunIn(networkNamespace, () => CreateSocket(port)), networkNamespace);
    }

    /// <inheritdoc />
    public int Receive(Span<byte> buffer, SocketAddress source)
    {
        while (!_disposed)
        {
            try
            {
                int length = _socket.ReceiveFrom(buffer, SocketFlags.None, source);

                // Dispose shuts the socket down, which a racing receive may see as an empty datagram.
                return _disposed ? -1 : length;
            }
            catch (ObjectDisposedException)
            {
                return -1;
            }
            catch (SocketException e) when (IsTransientReceiveError(e.SocketErrorCode))
            {
                // An ICMP error for an earlier send (port unreachable) surfaces here; it says nothing about what is
                // queued next, so keep receiving. Interrupted/OperationAborted also mean Dispose when _disposed is set.
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, destination) == datagram.Length;
        }
        catch (SocketException)
        {
            // Unreachable, no route, buffer full, or an ICMP error of an earlier send: the caller counts it.
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public SocketAddress ToSocketAddress(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (IsDualStack && endpoint.AddressFamily == AddressFamily.InterNetwork)
        {
            return new IPEndPoint(endpoint.Address.MapToIPv6(), endpoint.Port).Serialize();
        }

        if (!IsDualStack && endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (!endpoint.Address.IsIPv4MappedToIPv6)
            {
                throw new ArgumentException($"{endpoint} is IPv6 but this host's transport is IPv4-only", nameof(endpoint));
            }

            return new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port).Serialize();
        }

        return endpoint.Serialize();
    }

    /// <inheritdoc />
    public IPEndPoint ToEndPoint(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endpoint = (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0).Create(address);
        return endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;
    }

    /// <summary>Closes the socket; a blocked <see cref="Receive"/> returns -1.</summary>
    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }

    private static bool IsTransientReceiveError(SocketError error) => error is
        SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.HostUnreachable
        or SocketError.NetworkUnreachable or SocketError.MessageSize or SocketError.Interrupted
        or SocketError.OperationAborted or SocketError.NoBufferSpaceAvailable;

    private static Socket CreateSocket(ushort port)
    {
        Socket socket;
        try
        {
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressFamilyNotSupported)
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        }

        try
        {
            socket.Bind(new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, port));
            GrowBuffers(socket);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Asks for <see cref="SocketBufferSize"/>: the FORCE options pass net.core.[rw]mem_max when we have
    /// CAP_NET_ADMIN; without it the plain options give what the limit allows.
    /// </summary>
    private static void GrowBuffers(Socket socket)
    {
        if (!TrySetInt(socket, SoRcvBufForce, SocketBufferSize))
        {
            socket.ReceiveBufferSize = SocketBufferSize;
        }

        if (!TrySetInt(socket, SoSndBufForce, SocketBufferSize))
        {
            socket.SendBufferSize = SocketBufferSize;
        }
    }

    private static bool TrySetInt(Socket socket, int option, int value)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            socket.SetRawSocketOption(SolSocket, option, BitConverter.GetBytes(value));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void SetIntOption(int option, int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        _ = BitConverter.TryWriteBytes(bytes, value);
        _socket.SetRawSocketOption(SolSocket, option, bytes);
    }
}
