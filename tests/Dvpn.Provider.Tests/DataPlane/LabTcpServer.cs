using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>
/// A TCP server in a lab namespace: to every connection it writes the address it sees the client at (one line), then
/// reads and discards until the client closes. That line is how a test sees NAT.
/// </summary>
internal sealed class LabTcpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private LabTcpServer(Socket listener)
    {
        _listener = listener;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Listens on <paramref name="address"/> (<see cref="IPAddress.IPv6Any"/>: both families) and <paramref name="port"/>.</summary>
    public static LabTcpServer Start(LabNamespace ns, IPAddress address, int port)
    {
        Socket listener = ns.CreateTcpSocket(address.AddressFamily);
        if (address.Equals(IPAddress.IPv6Any))
        {
            listener.DualMode = true;
        }

        listener.Bind(new IPEndPoint(address, port));
        listener.Listen(16);
        return new LabTcpServer(listener);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection = await _listener.AcceptAsync(_stop.Token);
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                IPAddress remote = ((IPEndPoint)connection.RemoteEndPoint!).Address;
                if (remote.IsIPv4MappedToIPv6)
                {
                    remote = remote.MapToIPv4();
                }

                await connection.SendAsync(Encoding.ASCII.GetBytes(remote + "\n"), SocketFlags.None, _stop.Token);
                byte[] buffer = new byte[64 * 1024];
                while (await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0)
                {
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // the client or the test went away
            }
        }
    }
}
