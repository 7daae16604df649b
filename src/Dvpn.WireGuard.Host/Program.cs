using System.Runtime.InteropServices;
using Dvpn.WireGuard.Host;
using Dvpn.WireGuard.Userspace;
using Microsoft.Extensions.Logging;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// dvpn-wg: our managed userspace WireGuard as a process, with wireguard-go's command line (`dvpn-wg -f wg0`) so that
// anything that runs wireguard-go (Dvpn.WireGuard's UAPI backend, scripts) can run it instead. It stays in the
// foreground; `-f` is accepted for compatibility. LOG_LEVEL=verbose|debug|info|error|silent as wireguard-go.
// To measure what each optimisation gives: DVPN_WG_OFFLOADS=0 turns the TUN offloads off, DVPN_WG_RECEIVE_BATCH=1 the
// recvmmsg batching, DVPN_WG_GSO=0 the coalesced (UDP GSO) sends.
// Exit codes: 0 stopped by a signal or the interface was deleted, 1 failure, 2 bad usage.
const string Usage = "usage: dvpn-wg [-f|--foreground] INTERFACE-NAME";

string? name = null;
foreach (string arg in args)
{
    switch (arg)
    {
        case "-f" or "--foreground":
            break;
        case "--version":
            Console.WriteLine($"dvpn-wg {typeof(UserspaceInterface).Assembly.GetName().Version} (managed userspace WireGuard, UAPI compatible with wireguard-go)");
            return 0;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            if (name is not null || arg.StartsWith('-'))
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }

            name = arg;
            break;
    }
}

if (name is null)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

LogLevel level = Environment.GetEnvironmentVariable("LOG_LEVEL")?.ToLowerInvariant() switch
{
    "verbose" or "debug" => LogLevel.Debug,
    "error" => LogLevel.Error,
    "silent" => LogLevel.None,
    _ => LogLevel.Information,
};
using ILoggerFactory loggers = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(level)
    .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }));
ILogger log = loggers.CreateLogger("dvpn-wg");

UserspaceInterface wireGuard;
try
{
    var options = new UserspaceInterfaceOptions
    {
        Offloads = Environment.GetEnvironmentVariable("DVPN_WG_OFFLOADS") != "0",
        CoalesceSends = Environment.GetEnvironmentVariable("DVPN_WG_GSO") != "0",
        ReceiveBatchSize = int.TryParse(Environment.GetEnvironmentVariable("DVPN_WG_RECEIVE_BATCH"), out int batch) && batch > 0 ? batch : 16,
    };
    wireGuard = UserspaceInterface.Start(name, options, loggers);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or System.Net.Sockets.SocketException)
{
    HostLog.CannotCreate(log, name, e.Message);
    return 1;
}

await using (wireGuard)
{
    TaskCompletionSource signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        signalled.TrySetResult();
    }

    using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    using PosixSignalRegistration hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
    HostLog.Up(log, name, wireGuard.UapiSocketPath);

    Task finished = await Task.WhenAny(signalled.Task, wireGuard.Completion);
    if (finished == wireGuard.Completion && wireGuard.Completion.IsFaulted)
    {
        // The kernel fails reads once the TUN device is deleted: that is how wireguard-go learns to exit, too.
        bool deleted = !Directory.Exists($"/sys/class/net/{name}");
        if (!deleted)
        {
            HostLog.Failed(log, wireGuard.Completion.Exception?.InnerException, name);
            return 1;
        }

        HostLog.Deleted(log, name);
    }
}

return 0;
