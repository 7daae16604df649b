using Dvpn.Provider.Metrics;
using Dvpn.Provider.Sessions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Serilog;
using ILogger = Microsoft.Extensions.Logging.ILogger;
using Serilog.Core;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// The dvpn-provider process: configuration, Serilog, the start sequence, the server, readiness, shutdown.
/// Exit codes: 0 after a clean stop (SIGTERM/SIGINT), 2 when a start step fails (one critical log line says what,
/// which setting and the fix), 1 for anything unexpected.
/// </summary>
internal static partial class ProviderHost
{
    public const int ExitOk = 0;
    public const int ExitUnexpected = 1;
    public const int ExitStartupFailed = 2;

    /// <summary>Environment variables with this prefix are configuration: <c>DVPN_PROVIDER__Chain__ChainId</c> is <c>Provider:Chain:ChainId</c>.</summary>
    public const string EnvironmentPrefix = "DVPN_";

    private const string OutputTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddConfigurationSources(builder.Configuration, args);

        Logger serilog;
        try
        {
            serilog = new LoggerConfiguration()
                .ReadFrom.Configuration(builder.Configuration)
                .WriteTo.Console(outputTemplate: OutputTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .CreateLogger();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"dvpn-provider: the Serilog section of the configuration is invalid: {e.Message}").ConfigureAwait(false);
            return ExitStartupFailed;
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(serilog, dispose: true);
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
        });
        builder.Services.AddDvpnProvider(builder.Configuration);
        bool metrics = !string.IsNullOrEmpty(builder.Configuration[$"{ProviderOptions.SectionName}:Metrics:Listen"]);
        if (metrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ProviderMetrics.MeterName).AddPrometheusExporter());
        }

        await using WebApplication app = builder.Build();
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dvpn.Provider");
        try
        {
            using (var startupStop = new StartupSignals())
            {
                await app.Services.GetRequiredService<ProviderBootstrap>().RunAsync(startupStop.Token).ConfigureAwait(false);
            }

            // Listeners are added only now: the payment endpoint binds the tunnel's gateway address, which exists only
            // after the start sequence. Kestrel binds what is configured when the server starts.
            ProviderEndpoints.AddListeners(app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value, app.Services);
            ProviderEndpoints.UseListenerGuard(app);
            app.MapGrpcService<SessionService>();
            app.MapGrpcService<PaymentService>();
            if (metrics)
            {
                app.MapPrometheusScrapingEndpoint(ProviderEndpoints.MetricsPath);
            }

            await StartServerAsync(app).ConfigureAwait(false);
        }
        catch (ProviderStartupException e)
        {
            LogStartupFailed(logger, e.Problem, e.Setting, e.Fix);
            return ExitStartupFailed;
        }
        catch (OptionsValidationException e)
        {
            LogInvalidConfiguration(logger, string.Join("; ", e.Failures));
            return ExitStartupFailed;
        }
        catch (OperationCanceledException)
        {
            LogStartupCancelled(logger);
            return ExitOk;
        }

        app.Services.GetRequiredService<ProviderContext>().IsStarted = true;
        bool notified = ReadinessNotifier.NotifyReady(app.Services);
        LogReady(logger, app.Services.GetRequiredService<ProviderContext>().Address.ToString());

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        if (notified)
        {
            ReadinessNotifier.NotifyStopping();
        }

        LogStopped(logger);
        return ExitOk;
    }

    /// <summary>
    /// On top of the builder's sources (appsettings.json, environment, command line): the <c>DVPN_</c>-prefixed
    /// environment, then the command line again so it still wins.
    /// </summary>
    internal static void AddConfigurationSources(IConfigurationBuilder configuration, string[] args)
    {
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args);
    }

    /// <summary>Starts the server; a listener that cannot bind is a start failure naming its setting.</summary>
    private static async Task StartServerAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new ProviderStartupException("Provider:Public:Listen / Provider:Tunnel:PaymentPort / Provider:Metrics:Listen",
                $"a listener cannot bind: {e.Message}", "free the port or choose another address:port");
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "Provider cannot start: {Problem} [setting: {Setting}] Fix: {Fix}")]
    private static partial void LogStartupFailed(ILogger logger, string problem, string setting, string fix);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "Provider cannot start: invalid configuration: {Failures}")]
    private static partial void LogInvalidConfiguration(ILogger logger, string failures);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Start cancelled by a signal")]
    private static partial void LogStartupCancelled(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Provider ready: {Address}")]
    private static partial void LogReady(ILogger logger, string address);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Provider stopped")]
    private static partial void LogStopped(ILogger logger);
}
