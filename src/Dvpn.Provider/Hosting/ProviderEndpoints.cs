using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// The three listeners and what each may serve: the public endpoint (TLS with the pinned certificate, HTTP/2 only)
/// serves SessionService; the payment endpoint (h2c on the tunnel gateway) serves PaymentService; the optional
/// metrics endpoint serves /metrics. A request for anything else on a listener gets 404, so no service is
/// reachable where it was not meant to be.
/// </summary>
internal static class ProviderEndpoints
{
    private const string SessionServicePath = "/dvpn.provider.v1.SessionService";
    private const string PaymentServicePath = "/dvpn.provider.v1.PaymentService";
    public const string MetricsPath = "/metrics";

    /// <summary>Adds Kestrel's listeners; call after the start sequence (the tunnel exists) and before the server starts.</summary>
    public static void AddListeners(KestrelServerOptions kestrel, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(services);
        ProviderContext context = services.GetRequiredService<ProviderContext>();
        ProviderOptions options = services.GetRequiredService<IOptions<ProviderOptions>>().Value;
        kestrel.Listen(IPEndPoint.Parse(options.Public.Listen), listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(context.Certificate);
        });
        kestrel.Listen(context.PaymentEndPoint, listen => listen.Protocols = HttpProtocols.Http2);
        if (options.Metrics.Listen is { } metrics)
        {
            kestrel.Listen(IPEndPoint.Parse(metrics), listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
        }
    }

    /// <summary>Refuses requests for a service on a listener that does not serve it.</summary>
    public static void UseListenerGuard(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ProviderContext context = app.Services.GetRequiredService<ProviderContext>();
        ProviderOptions options = app.Services.GetRequiredService<IOptions<ProviderOptions>>().Value;
        IPEndPoint? metrics = options.Metrics.Listen is { } m ? IPEndPoint.Parse(m) : null;
        app.Use((http, next) =>
        {
            IPAddress local = http.Connection.LocalIpAddress is { IsIPv4MappedToIPv6: true } mapped
                ? mapped.MapToIPv4()
                : http.Connection.LocalIpAddress ?? IPAddress.None;
            int port = http.Connection.LocalPort;
            string allowed;
            if (port == context.PaymentEndPoint.Port && local.Equals(context.PaymentEndPoint.Address))
            {
                allowed = PaymentServicePath;
            }
            else if (metrics is not null && port == metrics.Port && (metrics.Address.Equals(IPAddress.Any) || metrics.Address.Equals(local)))
            {
                allowed = MetricsPath;
            }
            else
            {
                allowed = SessionServicePath;
            }

            if (!http.Request.Path.StartsWithSegments(allowed, StringComparison.Ordinal))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(http);
        });
    }
}
