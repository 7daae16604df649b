using System.Net;
using Dvpn.Devnet.Leak;

namespace Dvpn.Daemon.Tests.Leak;

/// <summary>The leak lab's DNS pieces: what the responders answer, and that hostile input never throws.</summary>
public sealed class DnsMessageTests
{
    [Fact]
    public void WriteAnswer_ToAQuery_CarriesTheMarkerAddress_AndTheQueryId()
    {
        byte[] query = new byte[DnsMessage.MaxUdpSize];
        int length = DnsMessage.WriteQuery(0x1234, "leak.test", query);
        Assert.True(DnsMessage.TryReadQuestion(query.AsSpan(0, length), out ushort id, out int questionLength, out ushort type, out ushort questionClass));
        Assert.Equal(0x1234, id);
        Assert.Equal(DnsMessage.TypeA, type);
        Assert.Equal(DnsMessage.ClassIn, questionClass);

        byte[] answer = new byte[DnsMessage.MaxUdpSize];
        int answerLength = DnsMessage.WriteAnswer(query, questionLength, type, questionClass, IPAddress.Parse("192.0.2.54"), answer);
        Assert.True(DnsMessage.TryReadAnswer(answer.AsSpan(0, answerLength), 0x1234, out IPAddress? address));
        Assert.Equal(IPAddress.Parse("192.0.2.54"), address);
        Assert.False(DnsMessage.TryReadAnswer(answer.AsSpan(0, answerLength), 0x1235, out _));
    }

    [Fact]
    public void TryReadQuestion_EveryTruncationAndAResponse_IsFalse_NeverThrows()
    {
        byte[] query = new byte[DnsMessage.MaxUdpSize];
        int length = DnsMessage.WriteQuery(7, "a.b.leak.test", query);
        for (int cut = 0; cut < length; cut++)
        {
            Assert.False(DnsMessage.TryReadQuestion(query.AsSpan(0, cut), out _, out _, out _, out _));
            Assert.False(DnsMessage.TryReadAnswer(query.AsSpan(0, cut), 7, out _));
        }

        query[2] |= 0x80; // QR: a response is not a query
        Assert.False(DnsMessage.TryReadQuestion(query.AsSpan(0, length), out _, out _, out _, out _));
    }

    [Fact]
    public void TryReadQuestion_CompressionPointerOrOverlongName_IsFalse()
    {
        byte[] pointer = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1];
        Assert.False(DnsMessage.TryReadQuestion(pointer, out _, out _, out _, out _));

        var longName = new List<byte> { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        for (int i = 0; i < 5; i++)
        {
            longName.Add(63);
            longName.AddRange(Enumerable.Repeat((byte)'a', 63));
        }

        longName.AddRange([0, 0, 1, 0, 1]);
        Assert.False(DnsMessage.TryReadQuestion(longName.ToArray(), out _, out _, out _, out _));
    }

    [Fact]
    public void PacketLine_ParsesTcpdumpTime_AndRecognisesMldReports()
    {
        Assert.True(PacketLine.TryParse("1764420000.250000 IP 198.51.100.2.40000 > 203.0.113.1.7: Flags [S], seq 1, length 0", out PacketLine? line));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764420000250), line!.At);
        Assert.False(line.IsAllowedKind);
        Assert.True(PacketLine.TryParse("1764420000.000001 IP6 fe80::1 > ff02::16: HBH ICMP6, multicast listener report v2, 1 group record(s), length 28", out line));
        Assert.True(line!.IsAllowedKind);
        Assert.False(PacketLine.TryParse("listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes", out _));
        Assert.False(PacketLine.TryParse("", out _));
    }
}
