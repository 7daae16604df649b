using System.Net;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Linux;

namespace Dvpn.WireGuard.Tests.Linux;

public sealed class WireGuardSetDeviceEncoderTests
{
    private const ushort Family = 0x15; // a dynamic genl id, as the controller would hand out

    [Fact]
    public void Encode_SmallConfig_MatchesGoldenBytes()
    {
        using PrivateKey privateKey = PrivateKey.FromBytes(Tlv.Fill(32, 0x40)); // 0x40.. is already clamped
        var config = new InterfaceConfig
        {
            PrivateKey = privateKey,
            ListenPort = 51820,
            ReplacePeers = true,
            Peers =
            [
                new PeerConfig
                {
                    PublicKey = new PublicKey(Tlv.Fill(32, 0x11)),
                    Endpoint = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 51820),
                    PersistentKeepalive = 25,
                    AllowedIPs = [IPNetwork.Parse("10.0.0.0/24")],
                },
            ],
        };

        byte[] expected =
        [
            // nlmsghdr
            0xC0, 0x00, 0x00, 0x00,             // nlmsg_len 192
            0x15, 0x00,                         // nlmsg_type: the wireguard family id
            0x05, 0x00,                         // NLM_F_REQUEST | NLM_F_ACK
            0x00, 0x00, 0x00, 0x00,             // nlmsg_seq (filled by the socket)
            0x00, 0x00, 0x00, 0x00,             // nlmsg_pid
            // genlmsghdr
            0x01, 0x01, 0x00, 0x00,             // WG_CMD_SET_DEVICE, version 1, reserved
            // WGDEVICE_A_IFNAME "wg0\0"
            0x08, 0x00, 0x02, 0x00, (byte)'w', (byte)'g', (byte)'0', 0x00,
            // WGDEVICE_A_PRIVATE_KEY: len 36, type 3, 32 bytes
            0x24, 0x00, 0x03, 0x00, .. Tlv.Fill(32, 0x40),
            // WGDEVICE_A_LISTEN_PORT: len 6, type 6, u16 51820 (host order) + 2 padding
            0x06, 0x00, 0x06, 0x00, 0x6C, 0xCA, 0x00, 0x00,
            // WGDEVICE_A_FLAGS: len 8, type 5, WGDEVICE_F_REPLACE_PEERS
            0x08, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00,
            // WGDEVICE_A_PEERS: len 112, type 8 | NLA_F_NESTED
            0x70, 0x00, 0x08, 0x80,
            //   peer 0: len 108, type 0 | NLA_F_NESTED
            0x6C, 0x00, 0x00, 0x80,
            //     WGPEER_A_PUBLIC_KEY: len 36, type 1
            0x24, 0x00, 0x01, 0x00, .. Tlv.Fill(32, 0x11),
            //     WGPEER_A_FLAGS: len 8, type 3, WGPEER_F_REPLACE_ALLOWEDIPS
            0x08, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x00,
            //     WGPEER_A_ENDPOINT: len 20, type 4, struct sockaddr_in
            0x14, 0x00, 0x04, 0x00,
            0x02, 0x00,                         //       sin_family AF_INET (host order)
            0xCA, 0x6C,                         //       sin_port 51820 (network order)
            0xC0, 0x00, 0x02, 0x01,             //       sin_addr 192.0.2.1
            0, 0, 0, 0, 0, 0, 0, 0,             //       sin_zero
            //     WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL: len 6, type 5, u16 25 + padding
            0x06, 0x00, 0x05, 0x00, 0x19, 0x00, 0x00, 0x00,
            //     WGPEER_A_ALLOWEDIPS: len 32, type 9 | NLA_F_NESTED
            0x20, 0x00, 0x09, 0x80,
            //       allowed IP 0: len 28, type 0 | NLA_F_NESTED
            0x1C, 0x00, 0x00, 0x80,
            //         WGALLOWEDIP_A_FAMILY: len 6, type 1, AF_INET + padding
            0x06, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00,
            //         WGALLOWEDIP_A_IPADDR: len 8, type 2, 10.0.0.0
            0x08, 0x00, 0x02, 0x00, 0x0A, 0x00, 0x00, 0x00,
            //         WGALLOWEDIP_A_CIDR_MASK: len 5, type 3, 24 + padding
            0x05, 0x00, 0x03, 0x00, 0x18, 0x00, 0x00, 0x00,
        ];

        List<byte[]> messages = WireGuardSetDeviceEncoder.Encode(Family, "wg0", config);
        Assert.Single(messages);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(messages[0]));
    }

    [Fact]
    public void Encode_IPv6EndpointAndRemovedPeer()
    {
        var config = new InterfaceConfig
        {
            Peers =
            [
                new PeerConfig { PublicKey = new PublicKey(Tlv.Fill(32, 0x11)), Endpoint = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443) },
                new PeerConfig { PublicKey = new PublicKey(Tlv.Fill(32, 0x22)), Remove = true, AllowedIPs = [IPNetwork.Parse("10.9.0.0/16")] },
            ],
        };
        byte[] sockaddr6 =
        [
            0x0A, 0x00,                         // sin6_family AF_INET6 (10)
            0x01, 0xBB,                         // sin6_port 443 (network order)
            0, 0, 0, 0,                         // sin6_flowinfo
            0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, // 2001:db8::1
            0, 0, 0, 0,                         // sin6_scope_id
        ];
        byte[] expected = Tlv.GenlMessage(Family, 0x05, 1,
            Tlv.Attr(2, "wg0\0"u8.ToArray()),
            Tlv.Nest(8,
                Tlv.Nest(0, Tlv.Attr(1, Tlv.Fill(32, 0x11)), Tlv.U32(3, 2), Tlv.Attr(4, sockaddr6)),
                Tlv.Nest(0, Tlv.Attr(1, Tlv.Fill(32, 0x22)), Tlv.U32(3, 1)))); // REMOVE_ME only: no allowed IPs sent

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(WireGuardSetDeviceEncoder.Encode(Family, "wg0", config).Single()));
    }

    [Fact]
    public void Encode_ManyPeersAndAllowedIPs_FragmentsCorrectly()
    {
        const int maxSize = 1024;
        using PrivateKey privateKey = PrivateKey.Generate();
        var peers = new List<PeerConfig>();
        for (int p = 0; p < 30; p++)
        {
            int count = p == 7 ? 200 : 1 + (p % 9); // peer 7 alone overflows several messages
            peers.Add(new PeerConfig
            {
                PublicKey = new PublicKey(Tlv.Fill(32, (byte)(p + 1))),
                Endpoint = new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1000 + p),
                AllowedIPs = Enumerable.Range(0, count).Select(i => new IPNetwork(new IPAddress([10, (byte)p, (byte)i, 0]), 24)).ToList(),
            });
        }

        var config = new InterfaceConfig { PrivateKey = privateKey, ReplacePeers = true, Peers = peers };
        List<byte[]> messages = WireGuardSetDeviceEncoder.Encode(Family, "wg0", config, maxSize);

        Assert.True(messages.Count > 3);
        var seen = new Dictionary<PublicKey, List<IPNetwork>>();
        var replaceAllowedSeen = new HashSet<PublicKey>();
        for (int m = 0; m < messages.Count; m++)
        {
            Assert.True(messages[m].Length <= maxSize);
            Fragment f = Fragment.Read(messages[m]);
            Assert.Equal(m == 0, f.ReplacePeers);
            Assert.Equal(m == 0, f.HasPrivateKey);
            Assert.Equal("wg0", f.InterfaceName);
            foreach ((PublicKey key, uint flags, bool hasEndpoint, List<IPNetwork> ips) in f.Peers)
            {
                bool continuation = seen.ContainsKey(key);
                Assert.Equal(!continuation, (flags & 2) != 0); // REPLACE_ALLOWEDIPS only on a peer's first part
                Assert.Equal(!continuation, hasEndpoint);
                if (!continuation)
                {
                    Assert.True(replaceAllowedSeen.Add(key));
                    seen[key] = [];
                }

                seen[key].AddRange(ips);
            }
        }

        Assert.Equal(peers.Count, seen.Count);
        foreach (PeerConfig peer in peers)
        {
            Assert.Equal(peer.AllowedIPs, seen[peer.PublicKey]); // each exactly once, in order
        }
    }

    [Fact]
    public void Encode_MessageTooSmallForOnePeer_Throws()
    {
        var config = new InterfaceConfig { Peers = [new PeerConfig { PublicKey = new PublicKey(Tlv.Fill(32, 1)), AllowedIPs = [IPNetwork.Parse("10.0.0.0/8")] }] };
        Assert.Throws<ArgumentException>(() => WireGuardSetDeviceEncoder.Encode(Family, "wg0", config, 64));
    }

    /// <summary>Reads a SET_DEVICE message back with the (separately tested) attribute reader.</summary>
    private sealed record Fragment(string InterfaceName, bool ReplacePeers, bool HasPrivateKey, List<(PublicKey, uint, bool, List<IPNetwork>)> Peers)
    {
        public static Fragment Read(byte[] message)
        {
            string name = "";
            bool replace = false, privateKey = false;
            var peers = new List<(PublicKey, uint, bool, List<IPNetwork>)>();
            var device = new NetlinkAttributeReader(message.AsSpan(20));
            while (device.TryReadNext(out NetlinkAttribute a))
            {
                switch (a.Type)
                {
                    case 2: name = a.GetString(); break;
                    case 3: privateKey = true; break;
                    case 5: replace = a.TryGetU32(out uint f) && f == 1; break;
                    case 8:
                        var list = new NetlinkAttributeReader(a.Payload);
                        while (list.TryReadNext(out NetlinkAttribute item))
                        {
                            PublicKey key = default;
                            uint flags = 0;
                            bool endpoint = false;
                            var ips = new List<IPNetwork>();
                            var peer = new NetlinkAttributeReader(item.Payload);
                            while (peer.TryReadNext(out NetlinkAttribute pa))
                            {
                                if (pa.Type == 1) { key = new PublicKey(pa.Payload); }
                                else if (pa.Type == 3) { _ = pa.TryGetU32(out flags); }
                                else if (pa.Type == 4) { endpoint = true; }
                                else if (pa.Type == 9)
                                {
                                    var ipList = new NetlinkAttributeReader(pa.Payload);
                                    while (ipList.TryReadNext(out NetlinkAttribute ip))
                                    {
                                        var fields = new NetlinkAttributeReader(ip.Payload);
                                        IPAddress? address = null;
                                        byte cidr = 0;
                                        while (fields.TryReadNext(out NetlinkAttribute field))
                                        {
                                            if (field.Type == 2) { address = new IPAddress(field.Payload); }
                                            if (field.Type == 3) { _ = field.TryGetU8(out cidr); }
                                        }

                                        ips.Add(new IPNetwork(address!, cidr));
                                    }
                                }
                            }

                            Assert.False(peer.IsMalformed);
                            peers.Add((key, flags, endpoint, ips));
                        }

                        Assert.False(list.IsMalformed);
                        break;
                }
            }

            Assert.False(device.IsMalformed);
            return new Fragment(name, replace, privateKey, peers);
        }
    }
}
