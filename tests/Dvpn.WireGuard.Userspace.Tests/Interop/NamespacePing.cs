using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.WireGuard.Linux;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>
/// <c>ping -c COUNT -W WAIT</c> from inside a namespace over a raw ICMP socket created there (the machine need not
/// have a ping binary). Raw IPv4 sockets see every ICMP packet of the namespace with its IP header, so replies are
/// matched by source, identifier and sequence.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NamespacePing
{
    private const int HeaderSize = 8;
    private const int PayloadSize = 56;

    /// <summary>How many of <paramref name="count"/> echo requests were answered, each within <paramref name="wait"/>.</summary>
    public static async Task<int> PingAsync(string ns, IPAddress destination, int count = 3, TimeSpan? wait = null)
    {
        TimeSpan perRequest = wait ?? TimeSpan.FromSeconds(2);
        using Socket socket = NetworkNamespace.RunIn(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));
        ushort identifier = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        byte[] request = new byte[HeaderSize + PayloadSize];
        byte[] reply = new byte[2048];
        int answered = 0;
        for (ushort sequence = 1; sequence <= count; sequence++)
        {
            WriteRequest(request, identifier, sequence);
            using var timeout = new CancellationTokenSource(perRequest);
            try
            {
                await socket.SendToAsync(request, SocketFlags.None, new IPEndPoint(destination, 0), timeout.Token);
                while (true)
                {
                    SocketReceiveFromResult received = await socket.ReceiveFromAsync(reply, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                    if (((IPEndPoint)received.RemoteEndPoint).Address.Equals(destination) && IsReply(reply.AsSpan(0, received.ReceivedBytes), identifier, sequence))
                    {
                        answered++;
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // no reply within the wait: the next request
            }
        }

        return answered;
    }

    private static void WriteRequest(Span<byte> packet, ushort identifier, ushort sequence)
    {
        packet.Clear();
        packet[0] = 8; // echo request
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], sequence);
        packet[HeaderSize..].Fill(0x5a);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], Checksum(packet));
    }

    private static bool IsReply(ReadOnlySpan<byte> packet, ushort identifier, ushort sequence)
    {
        int headerLength = packet.Length > 0 ? (packet[0] & 0x0f) * 4 : 0;
        if (packet.Length < headerLength + HeaderSize)
        {
            return false;
        }

        ReadOnlySpan<byte> icmp = packet[headerLength..];
        return icmp[0] == 0 // echo reply
            && BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) == identifier
            && BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]) == sequence;
    }

    // RFC 1071 Internet checksum.
    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
