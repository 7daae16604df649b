using Dvpn.Daemon.Api;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog;

namespace Dvpn.Daemon.Hosting;

/// <summary>
/// The dvpnd process (work in progress for issue 6): a Generic Host (WebApplication, for Kestrel's gRPC server) that
/// hosts the DvpnClient library and serves dvpn.control.v1 on a Unix socket. Configuration: appsettings.json,
/// /etc/dvpn/dvpnd.json, DVPND_* environment variables, the command line; section "Dvpn" is the library's options.
/// </summary>
internal static class DaemonHost
{
    public const string DefaultSocketPath = "/run/dvpn/dvpnd.sock";

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddJsonFile("/etc/dvpn/dvpnd.json", optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables("DVPND_");
        builder.Configuration.AddCommandLine(args);
        builder.Host.UseSystemd();
        var levels = new Serilog.Core.LoggingLevelSwitch();
        builder.Services.AddSingleton(levels);
        builder.Services.AddSerilog((services, logger) =>
            logger.MinimumLevel.ControlledBy(levels).ReadFrom.Configuration(builder.Configuration).WriteTo.Console());
        builder.Services.AddDvpnClient(o => builder.Configuration.GetSection("Dvpn").Bind(o));
        builder.Services.AddGrpc();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        string socketPath = builder.Configuration["Daemon:Socket"] ?? DefaultSocketPath;
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socketPath, o => o.Protocols = HttpProtocols.Http2));

        WebApplication app = builder.Build();
        app.MapGrpcService<TunnelApi>();
        app.MapGrpcService<EventApi>();
        app.MapGrpcService<SpendingApi>();
        app.MapGrpcService<StatsApi>();
        app.MapGrpcService<WalletApi>();
        app.MapGrpcService<ProvidersApi>();
        app.MapGrpcService<DiagnosticsApi>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
