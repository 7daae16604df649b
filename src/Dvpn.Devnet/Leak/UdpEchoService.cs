using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Leak;

/// <summary>A UDP echo (RFC 862) inside a lab host: every datagram goes back to its sender unchanged.</summary>
[SupportedOSPlatform("linux")]
public sealed class UdpEchoService : IAsyncDisposable
{
    private const int MaxDatagram = 2048;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private UdpEchoService(Socket socket)
    {
        _socket = socket;
        ListenEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _loop = EchoAsync();
    }

    /// <summary>Where it listens.</summary>
    public IPEndPoint ListenEndPoint { get; }

    /// <summary>Listens on <paramref name="listen"/> inside <paramref name="host"/>.</summary>
    public static UdpEchoService Start(NetworkHost host, IPEndPoint listen)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(listen);
        Socket socket = host.CreateSocket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(listen);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new UdpEchoService(socket);
    }

    /// <summary>Stops echoing.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }

    private async Task EchoAsync()
    {
        byte[] buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(ListenEndPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (true)
        {
            try
            {
                SocketReceiveFromResult received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                await _socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier answer surfaces here on Linux; keep serving.
            }
        }
    }
}
