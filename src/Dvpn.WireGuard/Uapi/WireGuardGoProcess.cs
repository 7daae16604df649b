using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// Runs and supervises one <c>wireguard-go -f &lt;name&gt;</c> process: it removes a stale socket left by a crashed
/// run, starts the process (optionally behind <see cref="UapiBackendOptions.LaunchPrefix"/>, e.g. inside a network
/// namespace), waits until the UAPI socket exists and answers a <c>get</c>, forwards the process output to the
/// logger, restarts it when it dies (if <see cref="UapiBackendOptions.MaxRestarts"/> allows) and, when stopped or
/// disposed, stops only its own process id (SIGTERM, then SIGKILL after
/// <see cref="UapiBackendOptions.StopTimeout"/>). When wireguard-go exits its TUN interface goes away with it.
/// </summary>
public sealed partial class WireGuardGoProcess : IAsyncDisposable
{
    /// <summary>How often readiness is re-checked if no file-system event arrives (an event can be missed).</summary>
    private static readonly TimeSpan ReadinessBackstop = TimeSpan.FromMilliseconds(200);

    private readonly UapiBackendOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly UapiClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<Process> _processes = [];
    private Process? _process;
    private bool _supervising;
    private volatile string? _lastOutput;
    private int _restartCount;
    private int _disposed;

    private WireGuardGoProcess(string interfaceName, UapiBackendOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        InterfaceName = interfaceName;
        _options = options;
        _logger = loggerFactory.CreateLogger<WireGuardGoProcess>();
        _timeProvider = timeProvider;
        SocketPath = options.GetSocketPath(interfaceName);
        _client = new UapiClient(SocketPath, options.OperationTimeout, loggerFactory.CreateLogger<UapiClient>(), timeProvider);
    }

    /// <summary>The interface (and TUN device) name.</summary>
    public string InterfaceName { get; }

    /// <summary>The UAPI socket path, <c>&lt;SocketDirectory&gt;/&lt;name&gt;.sock</c>.</summary>
    public string SocketPath { get; }

    /// <summary>The id of the current wireguard-go process (it changes when the process is restarted).</summary>
    public int ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process?.Id ?? 0;
            }
        }
    }

    /// <summary>How many restarts have been attempted.</summary>
    public int RestartCount => Volatile.Read(ref _restartCount);

    /// <summary>True once the process has exited for good (stopped, or died with no restart left).</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>
    /// Completes with the exit code when the process has exited for good: after <see cref="StopAsync"/> or
    /// <see cref="DisposeAsync"/>, or when it died and no restart was left (or the last restart failed). A process
    /// killed by a signal reports 128 + the signal number.
    /// </summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>
    /// Raised (on a thread-pool thread) after the process died and a new one is ready. The new process starts empty:
    /// the owner must apply the configuration again.
    /// </summary>
    public event EventHandler? Restarted;

    /// <summary>Starts wireguard-go for <paramref name="interfaceName"/> and waits until its UAPI socket answers.</summary>
    /// <param name="interfaceName">The interface name: 1 to 15 of <c>a-z A-Z 0-9 _ = + . -</c>, unique on this
    /// machine (the socket directory is shared by all network namespaces).</param>
    /// <param name="options">Settings; defaults when null. Copied: later changes have no effect.</param>
    /// <param name="loggerFactory">Where to log (process output included); nothing by default.</param>
    /// <param name="timeProvider">The clock for deadlines and restart delays; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="cancellationToken">Cancels the start; the process is then stopped.</param>
    /// <exception cref="WireGuardException">The interface already has a live socket, wireguard-go cannot be started,
    /// exits early or does not answer within <see cref="UapiBackendOptions.ReadyTimeout"/>.</exception>
    public static async Task<WireGuardGoProcess> StartAsync(string interfaceName, UapiBackendOptions? options = null,
        ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        Uapi.InterfaceName.Validate(interfaceName, nameof(interfaceName));
        options = (options ?? new UapiBackendOptions()).Clone();
        options.Validate();
        WireGuardGoProcess process = new(interfaceName, options, loggerFactory ?? NullLoggerFactory.Instance,
            timeProvider ?? TimeProvider.System);
        try
        {
            await process.LaunchAndWaitReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lock (process._gate)
        {
            process._supervising = true;
        }

        _ = process.SuperviseAsync();
        return process;
    }

    /// <summary>Stops the process (SIGTERM, then SIGKILL after <see cref="UapiBackendOptions.StopTimeout"/>) and
    /// removes its socket if it was left behind. Idempotent.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Process? process;
        bool supervising;
        lock (_gate)
        {
            _stopping.Cancel();
            process = _process;
            supervising = _supervising;
        }

        if (!supervising)
        {
            // No supervisor loop (the start failed): finish here.
            if (process is not null)
            {
                await TerminateAsync(process, cancellationToken).ConfigureAwait(false);
            }

            Finish(process is { HasExited: true } ? process.ExitCode : -1);
            return;
        }

        if (process is not null)
        {
            await TerminateAsync(process, cancellationToken).ConfigureAwait(false);
        }

        await _exited.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the process (see <see cref="StopAsync"/>) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                foreach (Process process in _processes)
                {
                    process.Dispose();
                }

                _processes.Clear();
            }

            _stopping.Dispose();
        }
    }

    internal UapiClient Client => _client;

    private async Task TerminateAsync(Process process, CancellationToken cancellationToken)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            _ = Interop.Kill(process.Id, Interop.SIGTERM); // failure means it is already gone
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(_options.StopTimeout, _timeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            UapiLog.ProcessKilled(_logger, InterfaceName, process.Id);
            process.Kill(entireProcessTree: false); // this process id only
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        UapiLog.ProcessStopped(_logger, InterfaceName, process.Id, process.ExitCode);
    }

    private void Finish(int exitCode)
    {
        RemoveSocketIfStale();
        _exited.TrySetResult(exitCode);
    }

    private void OnOutput(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            _lastOutput = line;
            UapiLog.ProcessOutput(_logger, InterfaceName, line);
        }
    }
}
