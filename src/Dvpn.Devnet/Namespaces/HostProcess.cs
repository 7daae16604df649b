using System.Diagnostics;
using System.Runtime.Versioning;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// A long-running process started by <see cref="NetworkHost.Start"/> (or, in the root namespace, by
/// <see cref="NetworkLab.StartInRootNamespace"/>), with its stdout and stderr captured line by
/// line so that a test can wait for a readiness line instead of sleeping. Disposing stops it by its PID: SIGTERM,
/// then SIGKILL after a grace period. Since <c>ip netns exec</c> execs the command, the PID is the command's own.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _output = [];
    private readonly List<Waiter> _waiters = [];
    private readonly Task _exited;
    private bool _outputClosed;

    internal HostProcess(NetworkHost? host, IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment)
    {
        Host = host;
        CommandLine = ShellCommand.Describe(command);
        _process = new Process { StartInfo = ShellCommand.StartInfo(command, environment), EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, "");
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, "stderr: ");
        try
        {
            _process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            _process.Dispose();
            throw new NetworkLabException($"Cannot start '{CommandLine}': {e.Message}", e);
        }

        Id = _process.Id;
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _exited = WatchExitAsync();
    }

    /// <summary>The host it runs in; null for a process of the root namespace.</summary>
    public NetworkHost? Host { get; }

    /// <summary>The command line as started.</summary>
    public string CommandLine { get; }

    /// <summary>The process id.</summary>
    public int Id { get; }

    /// <summary>True once the process has exited and its output has been read to the end.</summary>
    public bool HasExited => _exited.IsCompleted;

    /// <summary>The exit code; null while it runs.</summary>
    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>Every line captured so far, stdout and stderr interleaved; stderr lines start with <c>stderr: </c>.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Waits until a captured line (stdout or stderr) satisfies <paramref name="match"/> and returns it. Lines seen
    /// before the call count. Throws <see cref="TimeoutException"/> at the deadline and
    /// <see cref="NetworkLabException"/> if the process ends first, both with the output so far.
    /// </summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var waiter = new Waiter(match);
        lock (_gate)
        {
            string? seen = _output.Find(l => match(l));
            if (seen is not null)
            {
                return seen;
            }

            if (_outputClosed)
            {
                throw Ended();
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Line.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{CommandLine}' printed no matching line within {timeout}. Output so far:\n{Output}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code; <see cref="TimeoutException"/> at the deadline.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _exited.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{CommandLine}' did not exit within {timeout}. Output so far:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Stops the process if it still runs: SIGTERM (so that e.g. wireguard-go removes its UAPI socket), then SIGKILL.</summary>
    public async Task StopAsync()
    {
        if (HasExited)
        {
            return;
        }

        // Only while the child is unreaped is its PID certainly ours; Process.Kill checks the same way.
        if (!_process.HasExited)
        {
            NamespaceInterop.TrySignal(Id, NamespaceInterop.SigTerm);
        }

        try
        {
            await _exited.WaitAsync(StopGrace);
        }
        catch (TimeoutException)
        {
            _process.Kill();
            await _exited.WaitAsync(StopGrace);
        }
    }

    /// <summary>
    /// Sends SIGTERM and waits for the process to exit by itself (no SIGKILL), returning its exit code: for tests of
    /// a graceful shutdown. <see cref="TimeoutException"/> with the output when it does not exit in time.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Signal(NamespaceInterop.SigTerm);
        return await WaitForExitAsync(timeout, cancellationToken);
    }

    /// <summary>
    /// Sends SIGKILL (no chance to clean up, as in a power cut or an OOM kill) and waits for the exit; returns the
    /// exit code (128 + 9 as .NET reports it).
    /// </summary>
    public async Task<int> KillAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Signal(NamespaceInterop.SigKill);
        return await WaitForExitAsync(timeout, cancellationToken);
    }

    /// <inheritdoc cref="StopAsync"/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The command line and exit state, for assertion messages.</summary>
    public override string ToString() => $"{CommandLine} (pid {Id}{(HasExited ? $", exited {_process.ExitCode}" : "")})";

    private void Signal(int signal)
    {
        // Only while the child is unreaped is its PID certainly ours.
        if (!_process.HasExited)
        {
            NamespaceInterop.TrySignal(Id, signal);
        }
    }

    private void OnLine(string? line, string prefix)
    {
        if (line is null)
        {
            return; // end of a stream; the exit watcher reports the end once both are drained
        }

        string text = prefix + line;
        lock (_gate)
        {
            _output.Add(text);
            foreach (Waiter waiter in _waiters)
            {
                if (waiter.Match(text))
                {
                    waiter.Line.TrySetResult(text);
                }
            }
        }
    }

    private async Task WatchExitAsync()
    {
        // With asynchronous reads, WaitForExitAsync returns only after both streams reached end of file,
        // so no line can arrive after the waiters are failed below.
        await _process.WaitForExitAsync(CancellationToken.None);
        lock (_gate)
        {
            _outputClosed = true;
            foreach (Waiter waiter in _waiters)
            {
                waiter.Line.TrySetException(Ended());
            }
        }
    }

    private NetworkLabException Ended() =>
        new($"'{CommandLine}' exited with {_process.ExitCode} before printing the expected line. Output:\n{string.Join('\n', _output)}");

    private sealed class Waiter(Func<string, bool> match)
    {
        public Func<string, bool> Match { get; } = match;

        public TaskCompletionSource<string> Line { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
