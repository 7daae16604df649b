using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Dvpn.WireGuard.Linux;

namespace Dvpn.Client.Networking;

/// <summary>
/// Where the client's connections to providers start: the process's own network namespace, or the named one of
/// <see cref="Options.TunnelOptions.NetworkNamespace"/> (Linux). A socket created in a namespace stays there for its
/// whole life, so only creation needs to happen inside it.
/// </summary>
internal sealed class ClientNetwork(string? namespaceName)
{
    /// <summary>The namespace, or null for the process's own.</summary>
    public string? NamespaceName { get; } = namespaceName;

    /// <summary>A socket in the client's namespace.</summary>
    public Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        if (NamespaceName is null)
        {
            return new Socket(family, type, protocol);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Network namespaces exist only on Linux.");
        }

        return NetworkNamespace.RunIn(NamespaceName, () => new Socket(family, type, protocol));
    }

    /// <summary>Opens a TCP connection to <paramref name="endPoint"/> from the client's namespace.</summary>
    public async Task<Socket> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Socket socket = CreateSocket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An HTTP/2 handler whose connections start in the client's namespace. Hosts must be IP literals (provider
    /// endpoints are resolved before this, so no DNS query leaves outside the tunnel). With a validator for TLS.
    /// </summary>
    public SocketsHttpHandler CreateHandler(RemoteCertificateValidationCallback? certificateValidator = null, TimeSpan? keepAlivePing = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                if (!IPAddress.TryParse(context.DnsEndPoint.Host, out IPAddress? address))
                {
                    IPAddress[] resolved = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
                    address = resolved.FirstOrDefault() ?? throw new HttpRequestException($"{context.DnsEndPoint.Host} has no address");
                }

                Socket socket = await ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        };
        if (keepAlivePing is { } ping)
        {
            handler.KeepAlivePingDelay = ping;
            handler.KeepAlivePingTimeout = ping;
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }

        if (certificateValidator is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificateValidator };
        }

        return handler;
    }
}
