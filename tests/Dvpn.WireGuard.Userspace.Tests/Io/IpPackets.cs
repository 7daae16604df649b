using System.Buffers.Binary;
using System.Net;

namespace Dvpn.WireGuard.Userspace.Tests.Io;

/// <summary>Just enough IPv4 to build an ICMP echo request and recognise UDP datagrams and echo replies.</summary>
internal static class IpPackets
{
    public const int Ipv4HeaderSize = 20;
    public const byte Icmp = 1;
    public const byte Udp = 17;

    public static byte[] IcmpEchoRequest(IPAddress source, IPAddress destination, ushort identifier, ushort sequence, ReadOnlySpan<byte> payload)
    {
        const int IcmpHeaderSize = 8;
        byte[] packet = new byte[Ipv4HeaderSize + IcmpHeaderSize + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64; // TTL
        packet[9] = Icmp;
        source.GetAddressBytes().CopyTo(packet, 12);
        destination.GetAddressBytes().CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, Ipv4HeaderSize)));
        Span<byte> icmp = packet.AsSpan(Ipv4HeaderSize);
        icmp[0] = 8; // echo request
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        payload.CopyTo(icmp[IcmpHeaderSize..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(icmp));
        return packet;
    }

    public static bool IsIpv4(ReadOnlySpan<byte> packet, byte protocol, IPAddress source, IPAddress destination) =>
        packet.Length >= Ipv4HeaderSize && packet[0] == 0x45 && packet[9] == protocol
        && packet[12..16].SequenceEqual(source.GetAddressBytes()) && packet[16..20].SequenceEqual(destination.GetAddressBytes());

    public static ushort Checksum(ReadOnlySpan<byte> data)
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
