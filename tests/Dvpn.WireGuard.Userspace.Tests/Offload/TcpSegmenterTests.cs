using System.Buffers.Binary;
using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Linux;

namespace Dvpn.WireGuard.Userspace.Tests.Offload;

/// <summary>Cutting the kernel's large TCP segments (TUN offloads) into MTU-sized packets, checked like a receiver would.</summary>
public sealed class TcpSegmenterTests
{
    private const byte Fin = 0x01;
    private const byte Psh = 0x08;
    private const byte Ack = 0x10;
    private const byte Cwr = 0x80;

    [Theory]
    [InlineData(false, 3500, 1000)]
    [InlineData(false, 64000, 1368)]
    [InlineData(true, 3500, 1000)]
    [InlineData(true, 64000, 1348)]
    [InlineData(false, 1000, 1000)]
    public void LargeSegment_IsCutIntoValidPackets_ThatReassembleToThePayload(bool ipv6, int payloadLength, int gsoSize)
    {
        byte[] payload = RandomNumberGenerator.GetBytes(payloadLength);
        var segmenter = new TcpSegmenter();
        int length = WriteSuperPacket(segmenter.Buffer, ipv6, payload, gsoSize, Psh | Fin | Ack | Cwr, sequence: 0xFFFF_FF00, id: 0xFFFE);

        Assert.True(segmenter.Load(length));
        var reassembled = new List<byte>();
        byte[] output = new byte[1500];
        int count = 0;
        uint expectedSequence = 0xFFFF_FF00;
        while (segmenter.HasPending)
        {
            int packetLength = segmenter.Next(output);
            Assert.True(packetLength > 0);
            ReadOnlySpan<byte> packet = output.AsSpan(0, packetLength);
            int transport = ipv6 ? 40 : 20;
            ReadOnlySpan<byte> tcp = packet[transport..];
            int segmentPayload = packetLength - transport - 20;
            bool last = reassembled.Count + segmentPayload == payloadLength;

            Assert.True(segmentPayload <= gsoSize);
            Assert.Equal(expectedSequence, BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]));
            Assert.Equal(last, (tcp[13] & Fin) != 0);
            Assert.Equal(last, (tcp[13] & Psh) != 0);
            Assert.Equal(count == 0, (tcp[13] & Cwr) != 0);
            Assert.True((tcp[13] & Ack) != 0);
            if (ipv6)
            {
                Assert.Equal(packetLength - 40, BinaryPrimitives.ReadUInt16BigEndian(packet[4..]));
            }
            else
            {
                Assert.Equal(packetLength, BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
                Assert.Equal(unchecked((ushort)(0xFFFE + count)), BinaryPrimitives.ReadUInt16BigEndian(packet[4..]));
                Assert.Equal(0xFFFF, Fold(Sum(packet[..20])));
            }

            Assert.Equal(0xFFFF, Fold(PseudoHeader(packet, ipv6, packetLength - transport) + Sum(tcp)));
            reassembled.AddRange(tcp[20..].ToArray());
            expectedSequence = unchecked(expectedSequence + (uint)segmentPayload);
            count++;
        }

        Assert.Equal(payload, reassembled.ToArray());
        Assert.Equal((payloadLength + gsoSize - 1) / gsoSize, count);
    }

    [Fact]
    public void PacketWithUnfinishedChecksum_ComesOutWithAValidOne()
    {
        var segmenter = new TcpSegmenter();
        byte[] payload = RandomNumberGenerator.GetBytes(333);
        int length = WriteSuperPacket(segmenter.Buffer, ipv6: false, payload, gsoSize: 0, Ack, sequence: 7, id: 1, partial: true);

        Assert.True(segmenter.Load(length));
        byte[] output = new byte[1500];
        int packetLength = segmenter.Next(output);

        Assert.Equal(20 + 20 + 333, packetLength);
        Assert.False(segmenter.HasPending);
        Assert.Equal(0xFFFF, Fold(PseudoHeader(output, false, 353) + Sum(output.AsSpan(20, 353))));
    }

    [Fact]
    public void Garbage_IsRefused_NeverThrown()
    {
        var segmenter = new TcpSegmenter();
        byte[] output = new byte[1500];
        for (int i = 0; i < 20000; i++)
        {
            int length = RandomNumberGenerator.GetInt32(0, 200);
            RandomNumberGenerator.Fill(segmenter.Buffer.AsSpan(0, length));
            if (length > 2 && i % 2 == 0)
            {
                segmenter.Buffer[1] = (byte)(i % 4 == 0 ? 1 : 4); // claim a TCP segment
            }

            if (segmenter.Load(length))
            {
                int guard = 0;
                while (segmenter.HasPending && guard++ < 1000)
                {
                    _ = segmenter.Next(output);
                }

                Assert.False(segmenter.HasPending);
            }
        }
    }

    // A virtio-net header, then IPv4/IPv6 + a 20-byte TCP header + payload, as the kernel hands a TSO segment over.
    private static int WriteSuperPacket(byte[] buffer, bool ipv6, byte[] payload, int gsoSize, byte flags, uint sequence, ushort id, bool partial = false)
    {
        Array.Clear(buffer);
        int ipHeader = ipv6 ? 40 : 20;
        int total = ipHeader + 20 + payload.Length;
        Span<byte> header = buffer.AsSpan(0, VirtioNetHeader.Size);
        header[0] = partial ? VirtioNetHeader.NeedsChecksum : (byte)0;
        header[1] = gsoSize == 0 ? VirtioNetHeader.GsoNone : ipv6 ? VirtioNetHeader.GsoTcpV6 : VirtioNetHeader.GsoTcpV4;
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)(ipHeader + 20));
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], (ushort)gsoSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)ipHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 16);

        Span<byte> packet = buffer.AsSpan(VirtioNetHeader.Size, total);
        if (ipv6)
        {
            packet[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)(20 + payload.Length));
            packet[6] = 6;
            packet[7] = 64;
            RandomNumberGenerator.Fill(packet.Slice(8, 32));
        }
        else
        {
            packet[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)Math.Min(total, 65535));
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], id);
            packet[8] = 64;
            packet[9] = 6;
            RandomNumberGenerator.Fill(packet.Slice(12, 8));
        }

        Span<byte> tcp = packet[ipHeader..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 5201);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        tcp[12] = 0x50;
        tcp[13] = flags;
        payload.CopyTo(tcp[20..]);
        if (partial)
        {
            // CHECKSUM_PARTIAL: the field holds the folded pseudo-header sum, the rest is ours to add.
            BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], (ushort)Fold(PseudoHeader(packet, ipv6, 20 + payload.Length)));
        }

        return VirtioNetHeader.Size + total;
    }

    private static ulong PseudoHeader(ReadOnlySpan<byte> packet, bool ipv6, int tcpLength) =>
        (ipv6 ? Sum(packet.Slice(8, 32)) : Sum(packet.Slice(12, 8))) + 6 + (ulong)tcpLength;

    private static ulong Sum(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (ulong)((data[i] << 8) | data[i + 1]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (ulong)data[^1] << 8;
        }

        return sum;
    }

    private static int Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum >> 16) + (sum & 0xFFFF);
        }

        return (int)sum;
    }
}
