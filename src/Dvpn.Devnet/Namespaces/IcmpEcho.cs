using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// ICMP echo (RFC 792) and ICMPv6 echo (RFC 4443 §4) over a raw socket: the lab's ping, since hosts need not have a
/// ping binary. Raw IPv4 sockets deliver the IP header; raw ICMPv6 sockets do not, and the kernel fills in the
/// ICMPv6 checksum (it covers a pseudo-header the sender cannot see).
/// </summary>
internal static class IcmpEcho
{
    private const int EchoHeaderSize = 8; // type, code, checksum, identifier, sequence number
    private const int PayloadSize = 32;
    private const byte EchoRequestV4 = 8;
    private const byte EchoReplyV4 = 0;
    private const byte EchoRequestV6 = 128;
    private const byte EchoReplyV6 = 129;
    private const int MaxReceive = 2048;

    public static async Task<bool> PingAsync(Socket socket, IPAddress destination, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        bool v6 = destination.AddressFamily == AddressFamily.InterNetworkV6;
        ushort identifier = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var target = new IPEndPoint(destination, 0);
        byte[] request = new byte[EchoHeaderSize + PayloadSize];
        byte[] reply = new byte[MaxReceive];
        var anyEndPoint = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        for (ushort sequence = 0; ; sequence++)
        {
            WriteRequest(request, v6, identifier, sequence);
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            tick.CancelAfter(interval);
            try
            {
                await socket.SendToAsync(request, SocketFlags.None, target, tick.Token);
                while (true)
                {
                    SocketReceiveFromResult received = await socket.ReceiveFromAsync(reply, SocketFlags.None, anyEndPoint, tick.Token);
                    if (((IPEndPoint)received.RemoteEndPoint).Address.Equals(destination)
                        && IsReply(reply.AsSpan(0, received.ReceivedBytes), v6, identifier))
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // This interval is over without a reply: send the next request, or give up below.
            }
            catch (SocketException)
            {
                // No route yet, or an ICMP error for an earlier request: wait out the interval and try again.
                await IntervalEndAsync(tick.Token);
            }

            if (deadline.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return false;
            }
        }
    }

    private static async Task IntervalEndAsync(CancellationToken tick)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, tick);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void WriteRequest(Span<byte> packet, bool v6, ushort identifier, ushort sequence)
    {
        packet.Clear();
        packet[0] = v6 ? EchoRequestV6 : EchoRequestV4;
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], sequence);
        packet[EchoHeaderSize..].Fill(0x5a);
        if (!v6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet[2..], InternetChecksum(packet));
        }
    }

    private static bool IsReply(ReadOnlySpan<byte> packet, bool v6, ushort identifier)
    {
        if (!v6)
        {
            if (packet.Length < 20)
            {
                return false;
            }

            int headerLength = (packet[0] & 0x0f) * 4; // IHL counts 32-bit words
            packet = packet.Length >= headerLength ? packet[headerLength..] : [];
        }

        return packet.Length >= EchoHeaderSize
            && packet[0] == (v6 ? EchoReplyV6 : EchoReplyV4)
            && BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) == identifier;
    }

    /// <summary>RFC 1071: the ones' complement of the ones' complement sum of 16-bit words.</summary>
    private static ushort InternetChecksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)(data[^1] << 8);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
