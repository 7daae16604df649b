using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// Plain HTTP from inside a lab host: every connection's socket is created in the host's namespace, so a request
/// reaches a server that listens only there (a provider's metrics on its own loopback).
/// </summary>
[SupportedOSPlatform("linux")]
public static class NamespaceHttpHandler
{
    /// <summary>A handler whose connections start in <paramref name="host"/>; the request's host must be an IP address.</summary>
    public static SocketsHttpHandler Create(NetworkHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                IPAddress address = IPAddress.Parse(context.DnsEndPoint.Host);
                Socket socket = host.CreateSocket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
    }
}
