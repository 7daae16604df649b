using System.Runtime.Versioning;
using Dvpn.Control.Server.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dvpn.Control.Server.Transport;

/// <summary>Puts a <see cref="BoundControlSocket"/> under Kestrel.</summary>
[SupportedOSPlatform("linux")]
public static class KestrelControlSocketExtensions
{
    /// <summary>Listens on the pre-bound control socket, HTTP/2 only (gRPC without TLS), and identifies every
    /// connection's caller with SO_PEERCRED before any request on it is read.</summary>
    public static void ListenControlSocket(this KestrelServerOptions options, BoundControlSocket socket,
        Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(socket);
        var logger = options.ApplicationServices.GetRequiredService<ILoggerFactory>()
            .CreateLogger("Dvpn.Control.Server.Identity");
        options.ListenHandle(socket.TakeHandle(), listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(next => new CallerIdentityMiddleware(next, logger).OnConnectedAsync);
            configure?.Invoke(listen);
        });
    }
}
