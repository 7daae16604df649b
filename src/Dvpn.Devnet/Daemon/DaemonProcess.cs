using System.Runtime.Versioning;
using Dvpn.Client.Options;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Processes;

namespace Dvpn.Devnet.Daemon;

/// <summary>
/// The real dvpnd (<c>dotnet dvpnd.dll</c>) as a process of the root namespace, configured on the command line, with
/// <c>NOTIFY_SOCKET</c> pointing at a socket we listen on: ready means it sent <c>READY=1</c>, which it does once the
/// control API answers. Its tunnel goes wherever its options say (the client lab's client namespace). Output is
/// captured for failure messages.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DaemonProcess : IAsyncDisposable
{
    /// <summary>dvpnd's assembly.</summary>
    public const string AssemblyFile = "dvpnd.dll";

    /// <summary>How long <see cref="StartAsync"/> waits for READY=1 by default.</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long stopping waits for the exit by default.</summary>
    public static readonly TimeSpan DefaultExitTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<string> s_binary = new(() => BuiltAssembly.Locate(AssemblyFile, Path.Combine("src", "Dvpn.Daemon")));

    private readonly NotifySocket _notify;
    private int _disposed;

    private DaemonProcess(DaemonSettings settings, HostProcess process, NotifySocket notify)
    {
        Settings = settings;
        Process = process;
        _notify = notify;
    }

    /// <summary>The built dvpnd.dll.</summary>
    public static string Binary => s_binary.Value;

    /// <summary>What it was started with.</summary>
    public DaemonSettings Settings { get; }

    /// <summary>The process.</summary>
    public HostProcess Process { get; }

    /// <summary>The control socket.</summary>
    public string SocketPath => Settings.SocketPath;

    /// <summary>Everything it printed so far (stdout and stderr).</summary>
    public string Output => Process.Output;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => Process.HasExited;

    /// <summary>Whether READY=1 has arrived.</summary>
    public bool SentReady => _notify.SentReady;

    /// <summary>Starts dvpnd and waits for READY=1; fails with its output when it exits or times out first.</summary>
    public static async Task<DaemonProcess> StartAsync(NetworkLab lab, DaemonSettings settings, TimeSpan? readyTimeout = null,
        CancellationToken cancellationToken = default)
    {
        DaemonProcess daemon = Launch(lab, settings);
        try
        {
            await daemon.WaitReadyAsync(readyTimeout ?? DefaultReadyTimeout, cancellationToken);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts dvpnd without waiting (for a start that should be refused, or to time the start).</summary>
    public static DaemonProcess Launch(NetworkLab lab, DaemonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(settings);
        var notify = new NotifySocket();
        try
        {
            var environment = new Dictionary<string, string>(settings.Environment) { ["NOTIFY_SOCKET"] = notify.Path };
            HostProcess process = lab.StartInRootNamespace(["dotnet", Binary, .. settings.ToArguments()], environment);
            return new DaemonProcess(settings, process, notify);
        }
        catch
        {
            notify.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts dvpnd INSIDE <paramref name="host"/>'s namespace (<c>ip netns exec NS dotnet dvpnd.dll ...</c>) without
    /// waiting, as on a machine whose only network is that namespace: the chain, the providers and its tunnel are all
    /// reached from there (leave <c>Tunnel:NetworkNamespace</c> unset). <c>ip netns exec</c> execs in place, so the
    /// PID is dvpnd's own; it also bind-mounts <c>/etc/netns/NS/resolv.conf</c> over <c>/etc/resolv.conf</c> when that
    /// file exists, which the caller must make sure of, or dvpnd sees the machine's real resolver file.
    /// </summary>
    public static DaemonProcess Launch(NetworkHost host, DaemonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(settings);
        var notify = new NotifySocket();
        try
        {
            var environment = new Dictionary<string, string>(settings.Environment) { ["NOTIFY_SOCKET"] = notify.Path };
            HostProcess process = host.Start(["dotnet", Binary, .. settings.ToArguments()], environment);
            return new DaemonProcess(settings, process, notify);
        }
        catch
        {
            notify.Dispose();
            throw;
        }
    }

    /// <summary>Waits for READY=1 (see <see cref="NotifySocket.WaitReadyAsync"/>).</summary>
    public Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _notify.WaitReadyAsync(Process, "dvpnd", timeout, cancellationToken);

    /// <summary>Waits for it to exit by itself (e.g. refusing to start) and returns the exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Process.WaitForExitAsync(timeout ?? DefaultExitTimeout, cancellationToken);

    /// <summary>SIGTERM, as systemd stops it; returns the exit code.</summary>
    public Task<int> StopAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Process.TerminateAsync(timeout ?? DefaultExitTimeout, cancellationToken);

    /// <summary>SIGKILL (a crash); returns the exit code. What it started (wireguard-go) keeps running, as after a real crash.</summary>
    public Task<int> KillAsync(CancellationToken cancellationToken = default) =>
        Process.KillAsync(DefaultExitTimeout, cancellationToken);

    /// <summary>Stops it if it still runs (SIGTERM, then SIGKILL) and closes the notify socket. Idempotent: a test
    /// and the fixture that started the daemon for it may both dispose it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await Process.DisposeAsync();
        }
        finally
        {
            _notify.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"dvpnd: {Process}";
}

/// <summary>
/// How to run one dvpnd: its control socket, the client library's options (section <c>Dvpn</c>), and any other
/// configuration as <c>Key=value</c> pairs (e.g. <c>Daemon:OperatorGroup</c>).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DaemonSettings
{
    /// <summary>Settings for a daemon whose socket, logs and data all live under <paramref name="directory"/>.</summary>
    /// <param name="directory">A directory of its own (created 0755 so that other local users can reach the socket).</param>
    /// <param name="client">The library's options; its DataDirectory is kept.</param>
    public static DaemonSettings Create(string directory, DvpnClientOptions client)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(client);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return new DaemonSettings
        {
            SocketPath = Path.Combine(directory, "run", "dvpnd.sock"),
            LogDirectory = Path.Combine(directory, "log"),
            Client = client,
        };
    }

    /// <summary>The control socket (Daemon:Socket).</summary>
    public required string SocketPath { get; init; }

    /// <summary>Daemon:LogDirectory; empty turns the log file off.</summary>
    public string LogDirectory { get; init; } = "";

    /// <summary>The library's options.</summary>
    public required DvpnClientOptions Client { get; init; }

    /// <summary>More configuration, <c>Key</c> (e.g. <c>Daemon:EventQueueCapacity</c>) to value.</summary>
    public Dictionary<string, string> Configuration { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra environment variables.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Sets one configuration key; returns this.</summary>
    public DaemonSettings Set(string key, string value)
    {
        Configuration[key] = value;
        return this;
    }

    /// <summary>The command line.</summary>
    public IReadOnlyList<string> ToArguments() =>
    [
        $"--Daemon:Socket={SocketPath}",
        $"--Daemon:LogDirectory={LogDirectory}",
        .. ConfigurationArguments.From(Client, "Dvpn"),
        .. Configuration.Select(kv => $"--{kv.Key}={kv.Value}"),
    ];
}
