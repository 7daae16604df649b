using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Uapi;

/// <summary>Starting wireguard-go and waiting for it to be ready.</summary>
public sealed partial class WireGuardGoProcess
{
    private async Task LaunchAndWaitReadyAsync(CancellationToken cancellationToken)
    {
        await RemoveStaleSocketAsync(cancellationToken).ConfigureAwait(false);
        string directory = _options.SocketDirectory;
        Directory.CreateDirectory(directory);
        using SemaphoreSlim appeared = new(0);
        using FileSystemWatcher watcher = new(directory, InterfaceName + ".sock");
        watcher.Created += (_, _) => appeared.Release();
        watcher.EnableRaisingEvents = true;

        Process process = Launch();
        using CancellationTokenSource deadline = new(_options.ReadyTimeout, _timeProvider);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, deadline.Token, _stopping.Token);
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new WireGuardException(
                        $"wireguard-go for {InterfaceName} exited with code {process.ExitCode} before it was ready"
                        + (_lastOutput is { } last ? $" (last output: {last})" : ""));
                }

                if (File.Exists(SocketPath) && await _client.ProbeAsync(linked.Token).ConfigureAwait(false))
                {
                    UapiLog.ProcessReady(_logger, InterfaceName, SocketPath);
                    return;
                }

                // Wake when the socket appears or the process exits; the short backstop covers an event that fired
                // between the check above and this wait, and a socket that exists but does not answer yet.
                using CancellationTokenSource round = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                await Task.WhenAny(
                    appeared.WaitAsync(round.Token),
                    process.WaitForExitAsync(round.Token),
                    Task.Delay(ReadinessBackstop, _timeProvider, round.Token)).ConfigureAwait(false);
                await round.CancelAsync().ConfigureAwait(false);
                linked.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && !_stopping.IsCancellationRequested)
        {
            await TerminateAsync(process, CancellationToken.None).ConfigureAwait(false);
            throw new WireGuardException(
                $"wireguard-go for {InterfaceName} did not answer on {SocketPath} within {_options.ReadyTimeout}", isTransient: true);
        }
    }

    private Process Launch()
    {
        List<string> argv = [.. _options.LaunchPrefix, _options.WireGuardGoPath, "-f", InterfaceName];
        ProcessStartInfo startInfo = new(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LOG_LEVEL"] = _options.VerboseLogging ? "verbose" : "error";
        // Inherited descriptors would make wireguard-go adopt someone else's TUN device or socket.
        startInfo.Environment.Remove("WG_TUN_FD");
        startInfo.Environment.Remove("WG_UAPI_FD");
        Process process = new() { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        lock (_gate)
        {
            _processes.Add(process);
            // Checked under the lock that StopAsync takes: a process started here is always seen by a stop.
            _stopping.Token.ThrowIfCancellationRequested();
            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                throw new WireGuardException($"cannot start {argv[0]} for {InterfaceName}: {e.Message}", e);
            }

            _process = process;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        UapiLog.ProcessStarted(_logger, InterfaceName, process.Id);
        return process;
    }

    private async Task SuperviseAsync()
    {
        while (true)
        {
            Process process;
            lock (_gate)
            {
                process = _process!;
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            int exitCode = process.ExitCode;
            if (_stopping.IsCancellationRequested)
            {
                Finish(exitCode);
                return;
            }

            UapiLog.ProcessDied(_logger, InterfaceName, process.Id, exitCode);
            int attempt = Interlocked.Increment(ref _restartCount);
            if (attempt > _options.MaxRestarts)
            {
                Interlocked.Decrement(ref _restartCount);
                Finish(exitCode);
                return;
            }

            TimeSpan delay = RestartDelay(attempt);
            UapiLog.ProcessRestarting(_logger, InterfaceName, delay, attempt, _options.MaxRestarts);
            try
            {
                await Task.Delay(delay, _timeProvider, _stopping.Token).ConfigureAwait(false);
                await LaunchAndWaitReadyAsync(_stopping.Token).ConfigureAwait(false);
                Restarted?.Invoke(this, EventArgs.Empty);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Stopping: the next round sees the current process exit and finishes.
            }
#pragma warning disable CA1031 // a failed restart is logged and counted; the loop decides what comes next
            catch (Exception e)
#pragma warning restore CA1031
            {
                UapiLog.RestartFailed(_logger, InterfaceName, e);
            }
        }
    }

    private TimeSpan RestartDelay(int attempt)
    {
        double factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        TimeSpan delay = _options.RestartDelay * factor;
        return delay > _options.MaxRestartDelay ? _options.MaxRestartDelay : delay;
    }

    /// <summary>
    /// A socket file whose connect is refused was left by a process that died (SIGKILL skips wireguard-go's cleanup)
    /// and would make the new one fail; one that answers belongs to a live interface, which we must not touch.
    /// </summary>
    private async Task RemoveStaleSocketAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            return;
        }

        using Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(SocketPath);
            UapiLog.StaleSocketRemoved(_logger, SocketPath);
            return;
        }

        throw new WireGuardException($"interface {InterfaceName} already exists: {SocketPath} accepts connections");
    }

    private void RemoveSocketIfStale()
    {
        try
        {
            if (!File.Exists(SocketPath))
            {
                return;
            }

            using Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(SocketPath);
            UapiLog.StaleSocketRemoved(_logger, SocketPath);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            // Best effort: the next start removes a stale socket too.
        }
    }
}
