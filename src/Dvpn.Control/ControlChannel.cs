using System.Net.Sockets;
using Grpc.Net.Client;

namespace Dvpn.Control;

/// <summary>
/// Opens a gRPC channel to dvpnd's local control API. On Linux the daemon listens on a Unix socket
/// (<see cref="DefaultUnixSocketPath"/>); the daemon decides what the caller may do from the socket's peer
/// credentials, so no password or token is involved.
/// </summary>
public static class ControlChannel
{
    /// <summary>Where dvpnd listens on Linux.</summary>
    public const string DefaultUnixSocketPath = "/run/dvpn/dvpnd.sock";

    /// <summary>
    /// A channel over the Unix socket at <paramref name="socketPath"/>. Use the generated clients on it, e.g.
    /// <c>new TunnelService.TunnelServiceClient(channel)</c>. Dispose it when done.
    /// </summary>
    public static GrpcChannel ForUnixSocket(string socketPath = DefaultUnixSocketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var endPoint = new UnixDomainSocketEndPoint(socketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The authority is not used for routing over a socket; it only has to be a valid URI.
        return GrpcChannel.ForAddress("http://dvpnd", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
