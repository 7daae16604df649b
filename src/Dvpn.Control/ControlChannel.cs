using System.IO.Pipes;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Principal;
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

    /// <summary>The pipe dvpnd listens on on Windows (<c>\\.\pipe\ProtectedPrefix\Administrators\dvpn\dvpnd</c>):
    /// only an elevated process can create a pipe under ProtectedPrefix\Administrators, so no user can impersonate the
    /// daemon by creating it first.</summary>
    public const string DefaultPipeName = @"ProtectedPrefix\Administrators\dvpn\dvpnd";

    /// <summary>
    /// A channel over the named pipe <paramref name="pipeName"/> (Windows). The client connects at Identification
    /// level: the daemon can read who the caller is (to decide what it may do) but cannot act as the caller.
    /// Untested on the Linux machines this is built on.
    /// </summary>
    [SupportedOSPlatform("windows")]
    public static GrpcChannel ForNamedPipe(string pipeName = DefaultPipeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeName);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.WriteThrough,
                    TokenImpersonationLevel.Identification);
                try
                {
                    await pipe.ConnectAsync(cancellationToken).ConfigureAwait(false);
                    return pipe;
                }
                catch
                {
                    await pipe.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress("http://dvpnd", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

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
