using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// The common part of the lab's in-process TCP servers (<see cref="PortForward"/>, <see cref="SourceAddressServer"/>):
/// a listening socket inside a host and a loop that hands each accepted connection to a handler. Disposing stops
/// accepting, cancels the handlers' token and waits for every handler still running.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TcpAcceptLoop : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _handlers = [];
    private readonly Task _accepting;

    private TcpAcceptLoop(Socket listener, Func<Socket, CancellationToken, Task> serve)
    {
        _listener = listener;
        _serve = serve;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The address and port it listens on (the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Listens on <paramref name="listen"/> inside <paramref name="host"/> (<see cref="IPAddress.IPv6Any"/>: both
    /// families) and passes each connection to <paramref name="serve"/>, which owns the socket and should end when the
    /// token is cancelled.
    /// </summary>
    public static TcpAcceptLoop Start(NetworkHost host, IPEndPoint listen, int backlog, Func<Socket, CancellationToken, Task> serve)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(serve);
        Socket listener = host.CreateSocket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (listen.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(listen);
            listener.Listen(backlog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new TcpAcceptLoop(listener, serve);
    }

    /// <summary>Stops accepting, cancels the handlers and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        Task[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }

        await Task.WhenAll([_accepting, .. handlers]);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // disposed
            }

            Task handler = _serve(connection, _stop.Token);
            lock (_gate)
            {
                _handlers.RemoveAll(t => t.IsCompleted);
                _handlers.Add(handler);
            }
        }
    }
}
