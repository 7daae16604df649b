using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;

namespace Dvpn.Devnet.Processes;

/// <summary>
/// The receiving end of systemd's notify protocol (sd_notify(3)) for a daemon under test: a Unix datagram socket at
/// a fresh path; pass <see cref="Path"/> as <c>NOTIFY_SOCKET</c> and wait for <c>READY=1</c> instead of sleeping.
/// A path socket (not an abstract one) so that a daemon in another network namespace reaches it too.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class NotifySocket : IDisposable
{
    /// <summary>The assignment a daemon sends once it is ready.</summary>
    public const string ReadyAssignment = "READY=1";

    private const int MaxDatagram = 4096;

    private readonly Socket _socket;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private readonly List<string> _assignments = [];
    private readonly List<(string Assignment, TaskCompletionSource Seen)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    /// <summary>Binds a new socket in a private temporary directory.</summary>
    public NotifySocket()
    {
        _directory = Directory.CreateTempSubdirectory("dvpn-notify-").FullName;
        Path = System.IO.Path.Combine(_directory, "notify.sock");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receiving = ReceiveLoopAsync();
    }

    /// <summary>The socket's path: the value for <c>NOTIFY_SOCKET</c>.</summary>
    public string Path { get; }

    /// <summary>Every <c>KEY=VALUE</c> line received so far, in order.</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _assignments];
            }
        }
    }

    /// <summary>
    /// Completes when a datagram carried the line <paramref name="assignment"/> (e.g. <c>READY=1</c>), including one
    /// received before the call. Never completes otherwise: combine it with a deadline and the process's exit.
    /// </summary>
    public Task WaitForAsync(string assignment)
    {
        lock (_gate)
        {
            if (_assignments.Contains(assignment))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((assignment, seen));
            return seen.Task;
        }
    }

    /// <summary>
    /// Waits for <c>READY=1</c> from <paramref name="process"/>, which was started with this socket as its
    /// <c>NOTIFY_SOCKET</c>.
    /// </summary>
    /// <param name="process">The daemon.</param>
    /// <param name="name">Its name in messages, e.g. <c>dvpnd</c>.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="InvalidOperationException">The process exited first (with its exit code and output).</exception>
    /// <exception cref="TimeoutException">Not ready in time (with its output).</exception>
    public async Task WaitReadyAsync(Namespaces.HostProcess process, string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task ready = WaitForAsync(ReadyAssignment);
        Task<int> exited = process.WaitForExitAsync(Timeout.InfiniteTimeSpan, stop.Token);
        Task deadline = Task.Delay(timeout, stop.Token);
        Task first = await Task.WhenAny(ready, exited, deadline).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == ready)
        {
            return;
        }

        if (first == exited)
        {
            throw new InvalidOperationException($"{name} exited with {process.ExitCode} before it was ready. Output:\n{process.Output}");
        }

        throw new TimeoutException($"{name} did not send {ReadyAssignment} within {timeout}. Output:\n{process.Output}");
    }

    /// <summary>Whether <c>READY=1</c> has arrived.</summary>
    public bool SentReady => Received.Contains(ReadyAssignment);

    /// <summary>Closes the socket and removes its directory.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[MaxDatagram];
        while (!_stop.IsCancellationRequested)
        {
            int read;
            try
            {
                read = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            // A datagram is newline-separated assignments, e.g. "READY=1\nSTATUS=serving".
            string[] lines = Encoding.UTF8.GetString(buffer, 0, read).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lock (_gate)
            {
                _assignments.AddRange(lines);
                foreach ((string assignment, TaskCompletionSource seen) in _waiters)
                {
                    if (lines.Contains(assignment))
                    {
                        seen.TrySetResult();
                    }
                }
            }
        }
    }
}
