using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Linux;

namespace Dvpn.WireGuard.Tests.Linux;

public sealed class WireGuardDeviceReplyParserTests
{
    private const ushort Family = 0x15;
    private const ushort Multi = 0x02; // NLM_F_MULTI
    private const byte GetDevice = 0;

    private static readonly byte[] KeyA = Tlv.Fill(32, 0x11);
    private static readonly byte[] KeyB = Tlv.Fill(32, 0x33);

    /// <summary>The kernel's reply to a dump, split after peer A's first allowed IP.</summary>
    private static List<byte[]> SplitPeerReply()
    {
        byte[] sockaddr6 =
        [
            0x0A, 0x00,                 // AF_INET6
            0xCA, 0x6C,                 // port 51820, network order
            0, 0, 0, 0,                 // flowinfo
            0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, // 2001:db8::1
            0, 0, 0, 0,                 // scope id
        ];
        byte[] handshake = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(handshake, 1_700_000_000); // tv_sec
        BinaryPrimitives.WriteInt64LittleEndian(handshake.AsSpan(8), 500_000_000); // tv_nsec
        byte[] first = Tlv.GenlMessage(Family, Multi, GetDevice,
            Tlv.U32(1, 7),                                  // WGDEVICE_A_IFINDEX
            Tlv.Attr(2, "wg0\0"u8.ToArray()),               // WGDEVICE_A_IFNAME
            Tlv.Attr(3, Tlv.Fill(32, 0x99)),                // WGDEVICE_A_PRIVATE_KEY (must be ignored)
            Tlv.Attr(4, Tlv.Fill(32, 0x22)),                // WGDEVICE_A_PUBLIC_KEY
            Tlv.U16(6, 51820),                              // WGDEVICE_A_LISTEN_PORT
            Tlv.U32(7, 42),                                 // WGDEVICE_A_FWMARK
            Tlv.Nest(8,                                     // WGDEVICE_A_PEERS
                Tlv.Nest(0,
                    Tlv.Attr(1, KeyA),                      //   WGPEER_A_PUBLIC_KEY
                    Tlv.Attr(2, new byte[32]),              //   WGPEER_A_PRESHARED_KEY all zero: none
                    Tlv.Attr(4, sockaddr6),                 //   WGPEER_A_ENDPOINT
                    Tlv.U16(5, 25),                         //   WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL
                    Tlv.Attr(6, handshake),                 //   WGPEER_A_LAST_HANDSHAKE_TIME
                    Tlv.U64(7, 1000),                       //   WGPEER_A_RX_BYTES
                    Tlv.U64(8, 2000),                       //   WGPEER_A_TX_BYTES
                    Tlv.U32(10, 1),                         //   WGPEER_A_PROTOCOL_VERSION
                    Tlv.Nest(9,                             //   WGPEER_A_ALLOWEDIPS
                        Tlv.Nest(0, Tlv.U16(1, 2), Tlv.Attr(2, 10, 0, 0, 0), Tlv.Attr(3, 24))))));
        byte[] second = Tlv.GenlMessage(Family, Multi, GetDevice,
            Tlv.U32(1, 7),
            Tlv.Attr(2, "wg0\0"u8.ToArray()),
            Tlv.Nest(8,
                Tlv.Nest(0,                                 // peer A continued: key and the rest of its IPs
                    Tlv.Attr(1, KeyA),
                    Tlv.Nest(9,
                        Tlv.Nest(0, Tlv.U16(1, 10), Tlv.Attr(2, [0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Tlv.Attr(3, 64)))),
                Tlv.Nest(0,                                 // peer B, with a preshared key
                    Tlv.Attr(1, KeyB),
                    Tlv.Attr(2, Tlv.Fill(32, 0x44)),
                    Tlv.Nest(9, Tlv.Nest(0, Tlv.U16(1, 2), Tlv.Attr(2, 10, 1, 0, 0), Tlv.Attr(3, 16))))));
        return [first, second];
    }

    [Fact]
    public void Parse_SplitPeer_IsMergedIntoOne()
    {
        Assert.True(WireGuardDeviceReplyParser.TryParse(Family, SplitPeerReply(), out DeviceState? state, out string? error), error);
        Assert.Equal(new PublicKey(Tlv.Fill(32, 0x22)), state!.PublicKey);
        Assert.Equal(51820, state.ListenPort);
        Assert.Equal(42u, state.FirewallMark);
        Assert.Equal(2, state.Peers.Count);

        PeerState a = state.Peers[0];
        Assert.Equal(new PublicKey(KeyA), a.PublicKey);
        Assert.False(a.HasPresharedKey);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 51820), a.Endpoint);
        Assert.Equal(25, a.PersistentKeepalive);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddMilliseconds(500), a.LastHandshake);
        Assert.Equal(1000ul, a.ReceivedBytes);
        Assert.Equal(2000ul, a.TransmittedBytes);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("fd00::/64")], a.AllowedIPs);

        PeerState b = state.Peers[1];
        Assert.Equal(new PublicKey(KeyB), b.PublicKey);
        Assert.True(b.HasPresharedKey);
        Assert.Null(b.Endpoint);
        Assert.Null(b.LastHandshake);
        Assert.Equal([IPNetwork.Parse("10.1.0.0/16")], b.AllowedIPs);
    }

    public static TheoryData<string, byte[], string> Malformed()
    {
        byte[] good = SplitPeerReply()[0];
        var data = new TheoryData<string, byte[], string>();

        data.Add("truncated header", good[..10], "truncated");

        byte[] longer = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(longer, (uint)good.Length + 8); // nlmsg_len beyond the buffer
        data.Add("message length overrun", longer, "length");

        byte[] attrOverrun = Tlv.GenlMessage(Family, Multi, GetDevice, [0x40, 0x00, 0x04, 0x00, 1, 2, 3, 4]); // says 64, has 8
        data.Add("attribute length overrun", attrOverrun, "overruns");

        byte[] nestedInner = Tlv.Nest(0, Tlv.Attr(1, KeyA));
        BinaryPrimitives.WriteUInt16LittleEndian(nestedInner, 200); // the peer claims more than WGDEVICE_A_PEERS holds
        data.Add("nested overrun", Tlv.GenlMessage(Family, Multi, GetDevice, Tlv.Nest(8, nestedInner)), "overruns");

        byte[] wrongFamily = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(wrongFamily.AsSpan(4), 0x16);
        data.Add("wrong family", wrongFamily, "not the wireguard family");

        data.Add("short key", Tlv.GenlMessage(Family, Multi, GetDevice, Tlv.Attr(4, Tlv.Fill(31, 1))), "31 bytes");
        data.Add("peer without key", Tlv.GenlMessage(Family, Multi, GetDevice, Tlv.Nest(8, Tlv.Nest(0, Tlv.U16(5, 25)))), "without WGPEER_A_PUBLIC_KEY");
        data.Add(
            "bad allowed IP",
            Tlv.GenlMessage(Family, Multi, GetDevice, Tlv.Nest(8, Tlv.Nest(0, Tlv.Attr(1, KeyA), Tlv.Nest(9, Tlv.Nest(0, Tlv.U16(1, 2), Tlv.Attr(2, 10, 0, 0), Tlv.Attr(3, 24)))))),
            "allowed IP");
        byte[] shortGenl = Tlv.GenlMessage(Family, Multi, GetDevice)[..18];
        shortGenl[0] = 18; // a consistent nlmsg_len, with only 2 of the genlmsghdr's 4 bytes
        data.Add("truncated genl header", shortGenl, "truncated generic netlink header");
        return data;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_Malformed_FailsWithAClearError(string name, byte[] message, string expected)
    {
        _ = name;
        Assert.False(WireGuardDeviceReplyParser.TryParse(Family, [message], out DeviceState? state, out string? error));
        Assert.Null(state);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomGarbage_NeverThrows()
    {
        byte[] good = SplitPeerReply()[0];
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutated = (byte[])good.Clone();
            for (int j = 0; j < 4; j++)
            {
                mutated[RandomNumberGenerator.GetInt32(16, mutated.Length)] = (byte)RandomNumberGenerator.GetInt32(256);
            }

            _ = WireGuardDeviceReplyParser.TryParse(Family, [mutated], out _, out _);
            _ = WireGuardDeviceReplyParser.TryParse(Family, [RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 200))], out _, out _);
        }
    }
}
