using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Leak;

/// <summary>One attempt of a <see cref="TrafficTarget"/> from inside a host: true when the expected answer came back in time.</summary>
[SupportedOSPlatform("linux")]
public static class TrafficProbe
{
    private const int EchoSize = 16;

    /// <summary>
    /// Makes one attempt with a fresh socket created in <paramref name="host"/>'s namespace. A refusal, an error from
    /// the local firewall (EPERM), a wrong answer or the deadline are all false; <paramref name="stop"/> ends it
    /// early (false).
    /// </summary>
    public static async Task<bool> TryAsync(NetworkHost host, TrafficTarget target, TimeSpan timeout, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(target);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(timeout);
        try
        {
            return target.Kind switch
            {
                TrafficKind.TcpByte => await TcpByteAsync(host, target.EndPoint, deadline.Token),
                TrafficKind.UdpEcho => await UdpEchoAsync(host, target.EndPoint, deadline.Token),
                TrafficKind.DnsQuery => await DnsAsync(host, target.EndPoint, target.ExpectedAnswer, deadline.Token),
                _ => throw new ArgumentOutOfRangeException(nameof(target), target.Kind, "Unknown traffic kind."),
            };
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static async Task<bool> TcpByteAsync(NetworkHost host, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using Socket socket = host.CreateSocket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, cancellationToken);
        byte[] answer = new byte[1];
        return await socket.ReceiveAsync(answer, SocketFlags.None, cancellationToken) == 1;
    }

    private static async Task<bool> UdpEchoAsync(NetworkHost host, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using Socket socket = host.CreateSocket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(endPoint, cancellationToken);
        byte[] payload = RandomNumberGenerator.GetBytes(EchoSize);
        await socket.SendAsync(payload, SocketFlags.None, cancellationToken);
        byte[] answer = new byte[EchoSize * 2];
        int received = await socket.ReceiveAsync(answer, SocketFlags.None, cancellationToken);
        return answer.AsSpan(0, received).SequenceEqual(payload);
    }

    private static async Task<bool> DnsAsync(NetworkHost host, IPEndPoint endPoint, IPAddress? expected, CancellationToken cancellationToken)
    {
        using Socket socket = host.CreateSocket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(endPoint, cancellationToken);
        ushort id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        byte[] query = new byte[DnsMessage.MaxUdpSize];
        int length = DnsMessage.WriteQuery(id, "leak.test", query);
        await socket.SendAsync(query.AsMemory(0, length), SocketFlags.None, cancellationToken);
        byte[] answer = new byte[DnsMessage.MaxUdpSize];
        int received = await socket.ReceiveAsync(answer, SocketFlags.None, cancellationToken);
        return DnsMessage.TryReadAnswer(answer.AsSpan(0, received), id, out IPAddress? address) && (expected is null || expected.Equals(address));
    }
}
