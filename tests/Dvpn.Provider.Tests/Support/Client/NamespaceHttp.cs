using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;
using Grpc.Net.Client;

namespace Dvpn.Provider.Tests.Support.Client;

/// <summary>
/// HTTP/2 (gRPC) from inside a lab host: every connection's socket is created in the host's namespace (and bound to
/// a chosen source address), so the provider sees the client's lab address, not the test process's.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NamespaceHttp
{
    /// <summary>A handler whose connections start in <paramref name="host"/>; with a TLS validator for https.</summary>
    public static SocketsHttpHandler CreateHandler(NetworkHost host, IPAddress? source = null,
        RemoteCertificateValidationCallback? certificateValidator = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                IPAddress address = IPAddress.Parse(context.DnsEndPoint.Host);
                Socket socket = host.CreateSocket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.NoDelay = true;
                    if (source is not null)
                    {
                        socket.Bind(new IPEndPoint(source, 0));
                    }

                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (certificateValidator is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificateValidator };
        }

        return handler;
    }

    /// <summary>A gRPC channel to <paramref name="address"/> whose connections start in <paramref name="host"/>.</summary>
    public static GrpcChannel CreateChannel(Uri address, NetworkHost host, IPAddress? source = null,
        RemoteCertificateValidationCallback? certificateValidator = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = CreateHandler(host, source, certificateValidator),
            DisposeHttpClient = true,
        });
}
