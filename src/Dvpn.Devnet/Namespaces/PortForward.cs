using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// A TCP port forward INTO a lab host: a listening socket created inside the host's namespace (e.g. on its
/// 127.0.0.1) whose connections the test process relays to a target in its own (root) namespace. Lets a program in
/// the namespace reach a service on the machine's loopback (anvil) without any route out of the namespace.
/// </summary>
/// <example>
/// <code>
/// await using PortForward rpc = PortForward.Start(provider, new IPEndPoint(IPAddress.Loopback, 8545), anvilEndPoint);
/// </code>
/// </example>
[SupportedOSPlatform("linux")]
public sealed class PortForward : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;
    private const int Backlog = 64;

    private readonly IPEndPoint _target;
    private readonly TcpAcceptLoop _loop;
    private int _connections;

    private PortForward(NetworkHost host, IPEndPoint listen, IPEndPoint target)
    {
        Host = host;
        _target = target;
        _loop = TcpAcceptLoop.Start(host, listen, Backlog, RelayAsync);
        ListenEndPoint = _loop.LocalEndPoint;
    }

    /// <summary>The host the listener lives in.</summary>
    public NetworkHost Host { get; }

    /// <summary>Where programs in <see cref="Host"/> connect.</summary>
    public IPEndPoint ListenEndPoint { get; }

    /// <summary>How many connections were relayed so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Listens on <paramref name="listen"/> inside <paramref name="host"/> and relays to <paramref name="target"/>.</summary>
    public static PortForward Start(NetworkHost host, IPEndPoint listen, IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(target);
        return new PortForward(host, listen, target);
    }

    /// <summary>Stops listening and cuts every relayed connection.</summary>
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    /// <summary>Where it listens and where it relays to.</summary>
    public override string ToString() => $"{ListenEndPoint} in {Host} -> {_target}";

    private async Task RelayAsync(Socket inbound, CancellationToken stop)
    {
        Interlocked.Increment(ref _connections);
        using (inbound)
        using (var outbound = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await outbound.ConnectAsync(_target, stop);
                using var pair = CancellationTokenSource.CreateLinkedTokenSource(stop);
                Task up = PumpAsync(inbound, outbound, pair.Token);
                Task down = PumpAsync(outbound, inbound, pair.Token);
                await Task.WhenAny(up, down);
                // One side closed: let the other finish what is in flight, then cut both.
                await Task.WhenAll(up, down).WaitAsync(TimeSpan.FromSeconds(5), stop);
            }
#pragma warning disable CA1031 // a relay ends however its connection ends; the program in the namespace sees the close
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                for (int sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken);
                }
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset on one side ends the relay; closing both sockets passes it on.
            from.Close();
            to.Close();
        }
    }
}
