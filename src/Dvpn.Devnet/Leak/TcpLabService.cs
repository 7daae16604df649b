using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// A small TCP service inside a lab host: <see cref="StartByte"/> answers each connection with one byte and closes
/// (a reachability check), <see cref="StartDiscard"/> reads and drops everything (RFC 863, for pushing bulk traffic).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TcpLabService : IAsyncDisposable
{
    private const int Backlog = 64;
    private const int DiscardBufferSize = 64 * 1024;

    private readonly TcpAcceptLoop _loop;
    private long _connections;

    private TcpLabService(NetworkHost host, IPEndPoint listen, bool discard)
    {
        _loop = TcpAcceptLoop.Start(host, listen, Backlog, discard ? DiscardAsync : AnswerByteAsync);
        ListenEndPoint = _loop.LocalEndPoint;
    }

    /// <summary>Where it listens.</summary>
    public IPEndPoint ListenEndPoint { get; }

    /// <summary>Connections accepted so far.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>A service that writes one byte to each connection and closes it.</summary>
    public static TcpLabService StartByte(NetworkHost host, IPEndPoint listen)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(listen);
        return new TcpLabService(host, listen, discard: false);
    }

    /// <summary>A service that reads and drops everything until the client closes.</summary>
    public static TcpLabService StartDiscard(NetworkHost host, IPEndPoint listen)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(listen);
        return new TcpLabService(host, listen, discard: true);
    }

    /// <summary>Stops listening and cuts open connections.</summary>
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task AnswerByteAsync(Socket connection, CancellationToken stop)
    {
        Interlocked.Increment(ref _connections);
        using (connection)
        {
            try
            {
                await connection.SendAsync(new byte[] { 1 }, SocketFlags.None, stop);
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task DiscardAsync(Socket connection, CancellationToken stop)
    {
        Interlocked.Increment(ref _connections);
        using (connection)
        {
            byte[] buffer = new byte[DiscardBufferSize];
            try
            {
                while (await connection.ReceiveAsync(buffer, SocketFlags.None, stop) > 0)
                {
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
