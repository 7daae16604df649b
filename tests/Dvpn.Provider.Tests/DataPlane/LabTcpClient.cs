using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>Connects from a lab namespace to a <see cref="LabTcpServer"/>, optionally sends bulk data, and reports what the server saw.</summary>
internal static class LabTcpClient
{
    /// <summary>How long a connection that should work may take (the first packet also starts the WireGuard handshake).</summary>
    public static readonly TimeSpan ReachableTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection that should be dropped is given before it counts as blocked (SYN plus one retry).</summary>
    public static readonly TimeSpan BlockedTimeout = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// Connects to <paramref name="server"/>, reads the address the server saw, sends <paramref name="payloadBytes"/> and
    /// closes; returns that address, or null when no connection was made within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<IPAddress?> TryExchangeAsync(LabNamespace from, IPEndPoint server, TimeSpan timeout, int payloadBytes = 0)
    {
        using Socket socket = from.CreateTcpSocket(server.AddressFamily);
        using CancellationTokenSource deadline = new(timeout);
        try
        {
            await socket.ConnectAsync(server, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.NetworkUnreachable
            or SocketError.HostUnreachable)
        {
            // Refused or unreachable means something answered: that is not how our rules block (they drop).
            throw new InvalidOperationException($"connecting to {server} from {from.Name} failed with {e.SocketErrorCode}, not a silent drop", e);
        }

        using CancellationTokenSource exchange = new(ReachableTimeout);
        string line = await ReadLineAsync(socket, exchange.Token);
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < payloadBytes;)
        {
            sent += await socket.SendAsync(chunk.AsMemory(0, Math.Min(chunk.Length, payloadBytes - sent)), SocketFlags.None, exchange.Token);
        }

        socket.Shutdown(SocketShutdown.Send);
        while (await socket.ReceiveAsync(chunk, SocketFlags.None, exchange.Token) > 0)
        {
        }

        return IPAddress.Parse(line);
    }

    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        StringBuilder line = new();
        byte[] one = new byte[1];
        while (await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString();
    }
}
