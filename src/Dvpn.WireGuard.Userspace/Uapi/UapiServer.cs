using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>
/// The cross-platform userspace API (wireguard.com/xplatform) of one device on the Unix socket
/// <c>&lt;directory&gt;/&lt;name&gt;.sock</c>, where wg(8) finds it. Each connection may send several requests in
/// sequence (<c>get=1</c>, <c>set=1</c>); each is answered with <c>errno=N</c> and an empty line. Like wireguard-go,
/// a refused request is answered with the negated errno (<c>errno=-22</c>), which wg(8) turns back into a positive
/// errno for its message. A connection that sends something unreadable is answered and closed; other connections
/// are not affected. <see cref="IUapiDevice.Apply"/> is never called concurrently by this server; <see
/// cref="IUapiDevice.GetSnapshot"/> may run alongside it.
/// </summary>
internal sealed partial class UapiServer : IAsyncDisposable
{
    private const int MaxInterfaceNameLength = 15;

    private static readonly SearchValues<char> InterfaceNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=+.-");

    private readonly IUapiDevice _device;
    private readonly ILogger _logger;
    private readonly UapiServerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _state; // 0 new, 1 started, 2 disposed

    /// <summary>Creates a server for the device <paramref name="name"/>; nothing is opened before <see cref="Start"/>.</summary>
    /// <param name="name">The interface name: 1 to 15 of <c>a-z A-Z 0-9 _ = + . -</c> (it becomes a file name).</param>
    /// <param name="device">The device that answers requests.</param>
    /// <param name="logger">Where to log; key material is never logged.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public UapiServer(string name, IUapiDevice device, ILogger logger, UapiServerOptions? options = null)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options ?? new UapiServerOptions();
        ArgumentException.ThrowIfNullOrEmpty(_options.SocketDirectory, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxConnections, 1, nameof(options));
        Name = name;
        _device = device;
        _logger = logger;
        SocketPath = Path.Combine(_options.SocketDirectory, name + ".sock");
    }

    /// <summary>The interface name.</summary>
    public string Name { get; }

    /// <summary>The socket's path, <c>&lt;directory&gt;/&lt;name&gt;.sock</c>.</summary>
    public string SocketPath { get; }

    /// <summary>
    /// Creates the socket (replacing a stale one nobody answers on) and starts accepting connections. The socket
    /// appears at its path already restricted to mode 0600: it is bound under a temporary name, restricted, then
    /// renamed into place, so there is no moment where other users could connect (wireguard-go gets the same with a
    /// 0077 umask, which a .NET process cannot set for one thread).
    /// </summary>
    /// <exception cref="IOException">Another live server already answers on <see cref="SocketPath"/>.</exception>
    /// <exception cref="SocketException">The socket cannot be created.</exception>
    /// <exception cref="PlatformNotSupportedException">On Windows (its UAPI is a named pipe).</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            ObjectDisposedException.ThrowIf(_state == 2, this);
            throw new InvalidOperationException("the UAPI server was already started");
        }

        if (OperatingSystem.IsWindows())
        {
            // wg.exe talks to \\.\pipe\ProtectedPrefix\Administrators\WireGuard\<name> there, not to a Unix socket.
            throw new PlatformNotSupportedException("the UAPI server uses a Unix socket; Windows uses a named pipe");
        }

        Directory.CreateDirectory(_options.SocketDirectory,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        RemoveStaleSocket();

        string temporary = Path.Combine(_options.SocketDirectory,
            $".{Name}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.sock");
        Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(temporary));
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, SocketPath, overwrite: true);
            listener.Listen(); // SOMAXCONN, like Go: a Unix socket refuses connects (EAGAIN) once its backlog is full
        }
        catch
        {
            listener.Dispose();
            File.Delete(temporary);
            throw;
        }

        _listener = listener;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, _stopping.Token));
        UapiServerLog.Listening(_logger, Name, SocketPath);
    }

    /// <summary>Stops accepting, closes every connection, waits for requests in progress and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        int previous = Interlocked.Exchange(ref _state, 2);
        if (previous == 2)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_listener is { } listener)
        {
            listener.Dispose();
            File.Delete(SocketPath);
        }

        foreach (Socket connection in _connections.Keys)
        {
            connection.Dispose();
        }

        await _acceptLoop;
        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
        _applyLock.Dispose();
        if (previous == 1)
        {
            UapiServerLog.Stopped(_logger, Name);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid interface name.</summary>
    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxInterfaceNameLength || name is "." or ".." || name.AsSpan().ContainsAnyExcept(InterfaceNameChars))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid interface name: 1 to {MaxInterfaceNameLength} of a-z A-Z 0-9 _ = + . -", nameof(name));
        }
    }

    /// <summary>Like wireguard-go: a socket file someone answers on is in use; one nobody answers on is left over from a crash.</summary>
    private void RemoveStaleSocket()
    {
        if (!File.Exists(SocketPath))
        {
            return;
        }

        using (Socket probe = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
                throw new IOException($"UAPI socket {SocketPath} is in use by another process");
            }
            catch (SocketException)
            {
                // Nobody listens: stale.
            }
        }

        File.Delete(SocketPath);
        UapiServerLog.StaleSocketRemoved(_logger, SocketPath);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested
                && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and the like: wait a little instead of spinning, then try again.
                UapiServerLog.AcceptFailed(_logger, Name, e);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                UapiServerLog.TooManyConnections(_logger, Name, _options.MaxConnections);
                connection.Dispose();
                continue;
            }

            TaskCompletionSource registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Task serving = Task.Run(async () =>
            {
                await registered.Task;
                await ServeAsync(connection, cancellationToken);
            }, CancellationToken.None);
            _connections[connection] = serving;
            registered.SetResult();
        }
    }
}
