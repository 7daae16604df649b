using System.Buffers.Binary;
using Dvpn.WireGuard.Linux;

namespace Dvpn.WireGuard.Tests.Linux;

public sealed class NetlinkCoreTests
{
    [Fact]
    public void Writer_NestedAttributes_AreAlignedAndSized()
    {
        byte[] buffer = new byte[64];
        var writer = new NetlinkWriter(buffer, 0x15, 0x05);
        int nest = writer.BeginNested(8);
        writer.PutU8(3, 24);
        writer.EndNested(nest);
        byte[] expected =
        [
            0x1C, 0, 0, 0, 0x15, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr: len 28
            0x0C, 0x00, 0x08, 0x80,                                 // nest: len 12, type 8 | NLA_F_NESTED
            0x05, 0x00, 0x03, 0x00, 0x18, 0x00, 0x00, 0x00,         // u8 24, len 5, 3 bytes padding
        ];
        Assert.Equal(expected, writer.Finish().ToArray());
    }

    [Fact]
    public void Writer_TryPut_WhenFull_WritesNothing()
    {
        byte[] buffer = new byte[24];
        var writer = new NetlinkWriter(buffer, 1, 0);
        Assert.True(writer.TryPutU32(1, 7));
        Assert.False(writer.TryPutU32(2, 8));
        Assert.Equal(24, writer.Position);
    }

    [Fact]
    public void Reader_StopsOnOverrun_AndReportsIt()
    {
        byte[] data = [0x08, 0x00, 0x01, 0x00, 1, 2, 3, 4, 0x10, 0x00, 0x02, 0x00, 9];
        var reader = new NetlinkAttributeReader(data);
        Assert.True(reader.TryReadNext(out NetlinkAttribute a));
        Assert.True(a.TryGetU32(out uint v));
        Assert.Equal(0x04030201u, v);
        Assert.False(reader.TryReadNext(out _));
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void ReplyParser_ErrorWithExtendedAck_ReturnsErrnoAndMessage()
    {
        byte[] msg = "bad things\0"u8.ToArray();
        byte[] reply =
        [
            0, 0, 0, 0,                 // nlmsg_len, patched below
            0x02, 0x00,                 // NLMSG_ERROR
            0x00, 0x03,                 // NLM_F_CAPPED | NLM_F_ACK_TLVS
            0x07, 0, 0, 0,              // seq 7
            0, 0, 0, 0,                 // pid
            0xEF, 0xFF, 0xFF, 0xFF,     // error -17 (EEXIST)
            0x20, 0, 0, 0, 0x18, 0, 0x05, 0x06, 0x07, 0, 0, 0, 0, 0, 0, 0, // the request's header (capped)
            .. Tlv.Attr(1, msg),        // NLMSGERR_ATTR_MSG
        ];
        BinaryPrimitives.WriteUInt32LittleEndian(reply, (uint)reply.Length);
        bool interrupted = false;
        int status = NetlinkReplyParser.Process(reply, 7, dump: false, null, ref interrupted, out string? ack);
        Assert.Equal(17, status);
        Assert.Equal("bad things", ack);
        Assert.Equal("EEXIST", NetlinkException.FromErrno(status, "x").ErrorName);
    }

    [Fact]
    public void ReplyParser_OtherSequence_IsSkipped_AndDoneEndsADump()
    {
        byte[] stale = [16, 0, 0, 0, 0x18, 0, 0x02, 0, 6, 0, 0, 0, 0, 0, 0, 0];   // seq 6, a RTM_NEWROUTE
        byte[] done = [20, 0, 0, 0, 0x03, 0, 0x02, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // NLMSG_DONE, seq 7, 0
        int delivered = 0;
        bool interrupted = false;
        int status = NetlinkReplyParser.Process([.. stale, .. done], 7, dump: true, (in NetlinkMessageHeader h, ReadOnlySpan<byte> p) => delivered++, ref interrupted, out _);
        Assert.Equal(0, status);
        Assert.Equal(0, delivered);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]                                               // truncated header
    [InlineData(new byte[] { 0x40, 0, 0, 0, 0x18, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0 })]  // length beyond the datagram
    [InlineData(new byte[] { 0x08, 0, 0, 0, 0x18, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0 })]  // length below the header
    public void ReplyParser_MalformedDatagram_ThrowsEproto(byte[] datagram)
    {
        bool interrupted = false;
        var e = Assert.Throws<NetlinkException>(() => NetlinkReplyParser.Process(datagram, 7, dump: true, null, ref interrupted, out _));
        Assert.Equal("EPROTO", e.ErrorName);
        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
    }
}
