using System.Runtime.ExceptionServices;
using Dvpn.Client;
using Dvpn.Client.Hosting;
using Dvpn.Control.Server.Transport;
using Dvpn.Daemon.Api;
using Dvpn.Daemon.Logging;
using Dvpn.Daemon.Settings;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Core;
using Serilog.Extensions.Logging;

namespace Dvpn.Daemon.Hosting;

/// <summary>
/// The dvpnd process: a Generic Host (WebApplication, for Kestrel's gRPC server) that hosts the DvpnClient library and
/// serves dvpn.control.v1 on a Unix socket (Linux) or a named pipe (Windows), never on TCP. Configuration, later
/// sources winning: appsettings.json next to dvpnd.dll, /etc/dvpn/dvpnd.json, DVPND_* environment variables
/// (<c>DVPND_Daemon__Socket</c>), the command line (<c>--Daemon:Socket=...</c>). Section <c>Dvpn</c> is the
/// library's options, section <c>Daemon</c> the daemon's (<see cref="DaemonOptions"/>), section <c>Serilog</c>
/// optional extra logging configuration.
/// </summary>
internal static partial class DaemonHost
{
    public const string SystemConfigFile = "/etc/dvpn/dvpnd.json";

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplicationBuilder builder;
        DaemonOptions options;
        try
        {
            builder = CreateBuilder(args);
            options = DaemonOptions.Read(builder.Configuration);
        }
        catch (DaemonConfigurationException e)
        {
            return BadConfiguration(e.Message);
        }
        catch (InvalidDataException e)
        {
            // A malformed JSON configuration file.
            return BadConfiguration(e.Message);
        }

        var levels = new LoggingLevelSwitch();
        var buffer = new LogBuffer();
        Logger logger;
        try
        {
            logger = DaemonLogging.Create(builder.Configuration, options, levels, buffer);
        }
        catch (DaemonConfigurationException e)
        {
            return BadConfiguration(e.Message);
        }

        await using (logger.ConfigureAwait(false))
        {
            using var loggerFactory = new SerilogLoggerFactory(logger);
            Microsoft.Extensions.Logging.ILogger startLog = loggerFactory.CreateLogger("Dvpn.Daemon");
            BoundControlSocket? socket = null;
            if (OperatingSystem.IsLinux())
            {
                try
                {
                    socket = UnixSocketListenerSetup.Bind(SocketOptions(options), startLog);
                }
                catch (AnotherInstanceRunningException e)
                {
                    await Console.Error.WriteLineAsync($"dvpnd: {e.Message}; not starting a second one").ConfigureAwait(false);
                    return ExitCodes.AnotherInstance;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
                {
                    await Console.Error.WriteLineAsync($"dvpnd: cannot listen on {options.Socket}: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }
            }

            bool started = false;
            try
            {
                Configure(builder, options, levels, buffer, logger, socket);
                WebApplication app = builder.Build();
                Map(app);
                app.Lifetime.ApplicationStarted.Register(() => started = true);
                DvpnClient client = app.Services.GetRequiredService<DvpnClient>();
                Task clientStart = client.WaitUntilStartedAsync(CancellationToken.None);
                try
                {
                    await app.RunAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (clientStart.IsFaulted)
                {
                    // The client's failed start stopped the host while it was still starting: that failure is the one to report.
                }

                // The client starts in the background: a failed start stopped the host, and says why here.
                if (clientStart.IsFaulted && clientStart.Exception?.InnerException is { } failure)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                return ExitCodes.Ok;
            }
            catch (Exception e) when (!started && IsStartupFileError(e))
            {
                // A key, passphrase or data path the configuration names cannot be used.
                string problem = e is Dvpn.Chain.Wallet.KeystoreException ? $"Dvpn:Wallet: {e.Message}" : e.Message;
                logger.Fatal("Bad configuration: {Problem}", problem);
                return BadConfiguration(problem);
            }
            catch (Exception e) when (IsConfigurationError(e))
            {
                string problem = ConfigurationProblem(e);
                logger.Fatal("Bad configuration: {Problem}", problem);
                return BadConfiguration(problem);
            }
            catch (Exception e)
            {
                logger.Fatal(e, "dvpnd stopped on an error");
                return ExitCodes.Failure;
            }
            finally
            {
                if (OperatingSystem.IsLinux())
                {
                    socket?.Dispose();
                }
            }
        }
    }

    private static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // ContentRootPath: appsettings.json is read from next to dvpnd.dll, whatever the working directory.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile(SystemConfigFile, optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables("DVPND_");
        builder.Configuration.AddCommandLine(args);
        return builder;
    }

    private static void Configure(WebApplicationBuilder builder, DaemonOptions options, LoggingLevelSwitch levels, LogBuffer buffer,
        Logger logger, BoundControlSocket? socket)
    {
        builder.Host.UseSystemd();
        builder.Host.UseWindowsService(o => o.ServiceName = "dvpnd");
        builder.Services.AddSingleton(levels);
        builder.Services.AddSingleton(buffer);
        builder.Services.AddSingleton(options);
        builder.Services.AddSerilog(logger, dispose: false);
        // Serilog's factory replaces Microsoft.Extensions.Logging's, but should anything still filter through
        // LoggerFilterOptions (a provider added later, a "Logging" configuration section), it must let every level
        // through: the LoggingLevelSwitch (SetLogLevel) alone decides what is written.
        builder.Logging.ClearProviders();
        builder.Services.PostConfigure<LoggerFilterOptions>(o =>
        {
            o.Rules.Clear();
            o.MinLevel = LogLevel.Trace;
        });
        builder.Services.AddHostedService<ServiceManagerNotifier>();

        // Settings first: their post-configure step overlays the persisted selection on the library's options
        // before the client reads them.
        builder.Services.AddDaemonSettings();
        builder.Services.AddDvpnClient(o => builder.Configuration.GetSection("Dvpn").Bind(o));
        // The API answers at once; calls that need the client wait for it (ClientStartedInterceptor).
        builder.Services.Configure<DvpnClientHostingOptions>(o => o.StartInBackground = true);
        builder.Services.AddSingleton<SecretRedactor>();
        builder.Services.AddSingleton<Capabilities>();
        builder.Services.AddSingleton<ProblemReportBuilder>();
        builder.Services.AddGrpc();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<ServingHealthCheck>(ServingHealthCheck.Name);
        builder.Services.AddDvpnControlAuthorization(ControlMethods.Create(), o => o.OperatorGroup = options.OperatorGroup);
        // After authorization: a caller who may not call a method is told so without waiting for the client.
        builder.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<ClientStartedInterceptor>());

        // No TCP, ever: ASPNETCORE_URLS / --urls and a "Kestrel" configuration section are ignored (the loader gets
        // an empty configuration), and only the endpoints below exist.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.PreferHostingUrlsKey, "false");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Configure(new ConfigurationBuilder().Build(), reloadOnChange: false);
            if (socket is not null && OperatingSystem.IsLinux())
            {
                k.ListenControlSocket(socket);
            }
            else if (OperatingSystem.IsWindows())
            {
                Windows.NamedPipeTransport.Listen(k, options.PipeName, options.OperatorGroup);
            }
            else
            {
                throw new PlatformNotSupportedException("dvpnd listens on a Unix socket (Linux) or a named pipe (Windows)");
            }
        });
        if (OperatingSystem.IsWindows())
        {
            Windows.NamedPipeTransport.Configure(builder.WebHost);
        }
    }

    private static void Map(WebApplication app)
    {
        app.MapGrpcService<TunnelApi>();
        app.MapGrpcService<EventApi>();
        app.MapGrpcService<SpendingApi>();
        app.MapGrpcService<StatsApi>();
        app.MapGrpcService<WalletApi>();
        app.MapGrpcService<ProvidersApi>();
        app.MapGrpcService<SettingsApi>();
        app.MapGrpcService<DiagnosticsApi>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        app.Lifetime.ApplicationStarted.Register(() => EnsureNoTcp(app));
    }

    /// <summary>A last check that nothing (a future Kestrel default, a stray setting) opened a TCP endpoint.</summary>
    private static void EnsureNoTcp(WebApplication app)
    {
        foreach (string address in app.Urls)
        {
            if (address.Contains("://localhost:", StringComparison.OrdinalIgnoreCase) || System.Text.RegularExpressions.Regex.IsMatch(address, @"://[^/]*:\d+"))
            {
                LogTcpEndpoint(app.Logger, address);
                Environment.FailFast($"dvpnd must not listen on TCP, but it listens on {address}");
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "dvpnd listens on {Address}, a TCP endpoint: stopping")]
    private static partial void LogTcpEndpoint(Microsoft.Extensions.Logging.ILogger logger, string address);

    private static ControlSocketOptions SocketOptions(DaemonOptions options) => new()
    {
        Directory = Path.GetDirectoryName(options.Socket)!,
        FileName = Path.GetFileName(options.Socket),
    };

    private static bool IsStartupFileError(Exception e) =>
        e is Dvpn.Chain.Wallet.KeystoreException or FileNotFoundException or DirectoryNotFoundException;

    private static bool IsConfigurationError(Exception e) => e switch
    {
        OptionsValidationException or DaemonConfigurationException => true,
        // The binder's message names the key: "Failed to convert configuration value at 'Dvpn:Chain:ChainId' to type ...".
        InvalidOperationException { Message: var m } when m.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => true,
        AggregateException a => a.InnerExceptions.Any(IsConfigurationError),
        _ => e.InnerException is { } inner && IsConfigurationError(inner),
    };

    /// <summary>The problem, with the library's option names given their full configuration keys (<c>Dvpn:Chain:ChainId</c>).</summary>
    private static string ConfigurationProblem(Exception e) => e switch
    {
        OptionsValidationException { OptionsType: var type } v when type == typeof(Dvpn.Client.Options.DvpnClientOptions) =>
            string.Join("; ", v.Failures.Select(f => "Dvpn:" + f)),
        OptionsValidationException or DaemonConfigurationException => e.Message,
        InvalidOperationException { Message: var m } when m.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => m,
        AggregateException a => string.Join("; ", a.InnerExceptions.Where(IsConfigurationError).Select(ConfigurationProblem)),
        _ => e.InnerException is { } inner ? ConfigurationProblem(inner) : e.Message,
    };

    private static int BadConfiguration(string message)
    {
        Console.Error.WriteLine($"dvpnd: bad configuration: {message}");
        return ExitCodes.BadConfiguration;
    }
}
