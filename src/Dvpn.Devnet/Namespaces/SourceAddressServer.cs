using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// A TCP server inside a lab host that tells each client where it sees the connection come from: it writes the
/// client's address as one ASCII line, then reads and discards until the client closes. That line is how a test sees
/// NAT (the address a server behind it sees) and, with <see cref="TryQueryAsync"/> returning null, a firewall that
/// drops. Serves until disposed.
/// </summary>
/// <example>
/// <code>
/// await using SourceAddressServer server = SourceAddressServer.Start(internet, IPAddress.IPv6Any, 8080);
/// IPAddress? seen = await SourceAddressServer.TryQueryAsync(client, new IPEndPoint(serverAddress, 8080), TimeSpan.FromSeconds(5));
/// </code>
/// </example>
[SupportedOSPlatform("linux")]
public sealed class SourceAddressServer : IAsyncDisposable
{
    /// <summary>How long the exchange after the connect may take before it fails the query (a slow link, not a drop).</summary>
    public static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(30);

    private const int ChunkSize = 64 * 1024;
    private const int Backlog = 16;

    private readonly TcpAcceptLoop _loop;

    private SourceAddressServer(NetworkHost host, TcpAcceptLoop loop)
    {
        Host = host;
        _loop = loop;
        ListenEndPoint = loop.LocalEndPoint;
    }

    /// <summary>The host the server lives in.</summary>
    public NetworkHost Host { get; }

    /// <summary>The address and port it listens on (the actual port when 0 was asked for).</summary>
    public IPEndPoint ListenEndPoint { get; }

    /// <summary>
    /// Listens inside <paramref name="host"/> on <paramref name="address"/> and <paramref name="port"/> (0: any free
    /// port). <see cref="IPAddress.IPv6Any"/> listens on both families; IPv4 clients are reported as IPv4 addresses.
    /// </summary>
    public static SourceAddressServer Start(NetworkHost host, IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(address);
        return new SourceAddressServer(host, TcpAcceptLoop.Start(host, new IPEndPoint(address, port), Backlog, ServeAsync));
    }

    /// <summary>
    /// Connects from inside <paramref name="from"/> to a <see cref="SourceAddressServer"/> at <paramref name="server"/>,
    /// reads the address the server saw, uploads <paramref name="uploadBytes"/> bytes, closes, and returns that address.
    /// Returns null when no connection is made within <paramref name="connectTimeout"/>: how a firewall that drops
    /// packets looks from the client.
    /// </summary>
    /// <exception cref="NetworkLabException">
    /// The connection was refused or the destination reported unreachable: something answered, which a dropping
    /// firewall never does.
    /// </exception>
    /// <exception cref="TimeoutException">Connected, but the exchange took longer than <see cref="ExchangeTimeout"/>.</exception>
    public static async Task<IPAddress?> TryQueryAsync(NetworkHost from, IPEndPoint server, TimeSpan connectTimeout, long uploadBytes = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentOutOfRangeException.ThrowIfNegative(uploadBytes);
        using Socket socket = from.CreateSocket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connecting.CancelAfter(connectTimeout);
            try
            {
                await socket.ConnectAsync(server, connecting.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.NetworkUnreachable
                or SocketError.HostUnreachable)
            {
                throw new NetworkLabException($"Connecting to {server} from {from} failed with {e.SocketErrorCode}, not a silent drop.", e);
            }
        }

        using var exchange = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        exchange.CancelAfter(ExchangeTimeout);
        try
        {
            string line = await ReadLineAsync(socket, exchange.Token);
            byte[] chunk = new byte[ChunkSize];
            for (long left = uploadBytes; left > 0;)
            {
                left -= await socket.SendAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), SocketFlags.None, exchange.Token);
            }

            socket.Shutdown(SocketShutdown.Send);
            while (await socket.ReceiveAsync(chunk, SocketFlags.None, exchange.Token) > 0)
            {
            }

            return IPAddress.Parse(line);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Connected from {from} to {server}, but the exchange took longer than {ExchangeTimeout}.");
        }
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    /// <summary>Where it listens.</summary>
    public override string ToString() => $"{ListenEndPoint} in {Host}";

    private static async Task ServeAsync(Socket connection, CancellationToken stop)
    {
        using (connection)
        {
            try
            {
                IPAddress remote = ((IPEndPoint)connection.RemoteEndPoint!).Address;
                if (remote.IsIPv4MappedToIPv6)
                {
                    remote = remote.MapToIPv4();
                }

                await connection.SendAsync(Encoding.ASCII.GetBytes(remote + "\n"), SocketFlags.None, stop);
                byte[] buffer = new byte[ChunkSize];
                while (await connection.ReceiveAsync(buffer, SocketFlags.None, stop) > 0)
                {
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client or the test went away.
            }
        }
    }

    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        byte[] one = new byte[1];
        while (await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString();
    }
}
