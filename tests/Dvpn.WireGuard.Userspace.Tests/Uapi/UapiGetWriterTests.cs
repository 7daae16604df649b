using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Dvpn.WireGuard.Userspace.Uapi;

namespace Dvpn.WireGuard.Userspace.Tests.Uapi;

public sealed class UapiGetWriterTests
{
    private static string Write(UapiDeviceSnapshot snapshot)
    {
        ArrayBufferWriter<byte> output = new();
        UapiGetWriter.Write(snapshot, output);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Fact]
    public void Write_FullSnapshot_UsesWireGuardGoOrder()
    {
        UapiDeviceSnapshot snapshot = new()
        {
            PrivateKey = Hex(UapiSetParserTests.KeyA),
            ListenPort = 51820,
            FirewallMark = 7,
            Peers =
            [
                new UapiPeerSnapshot
                {
                    PublicKey = Hex(UapiSetParserTests.KeyB),
                    PresharedKey = Hex(UapiSetParserTests.KeyC),
                    Endpoint = IPEndPoint.Parse("[fd00::1]:4000"),
                    LastHandshake = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddTicks(1234567),
                    TransmittedBytes = 10,
                    ReceivedBytes = 20,
                    PersistentKeepaliveInterval = 25,
                    AllowedIps = [IPNetwork.Parse("10.0.0.2/32"), IPNetwork.Parse("fd00::/64")],
                    Forwarding = false,
                },
                new UapiPeerSnapshot { PublicKey = Hex(UapiSetParserTests.KeyC) },
            ],
        };

        Assert.Equal(
            $"private_key={UapiSetParserTests.KeyA}\nlisten_port=51820\nfwmark=7\n" +
            $"public_key={UapiSetParserTests.KeyB}\npreshared_key={UapiSetParserTests.KeyC}\nprotocol_version=1\n" +
            "endpoint=[fd00::1]:4000\nlast_handshake_time_sec=1700000000\nlast_handshake_time_nsec=123456700\n" +
            "tx_bytes=10\nrx_bytes=20\npersistent_keepalive_interval=25\nallowed_ip=10.0.0.2/32\nallowed_ip=fd00::/64\n" +
            "dvpn_forwarding=false\n" +
            $"public_key={UapiSetParserTests.KeyC}\npreshared_key={new string('0', 64)}\nprotocol_version=1\n" +
            "last_handshake_time_sec=0\nlast_handshake_time_nsec=0\ntx_bytes=0\nrx_bytes=0\npersistent_keepalive_interval=0\n" +
            "errno=0\n\n",
            Write(snapshot));
    }

    [Fact]
    public void Write_EmptySnapshot_IsOnlyErrno()
    {
        Assert.Equal("errno=0\n\n", Write(new UapiDeviceSnapshot()));
    }

    [Fact]
    public void Write_AllZeroPrivateKey_IsOmitted()
    {
        Assert.Equal("errno=0\n\n", Write(new UapiDeviceSnapshot { PrivateKey = new byte[32] }));
    }

    [Fact]
    public void Write_EmptyPrivateKey_IsOmitted()
    {
        Assert.Equal("errno=0\n\n", Write(new UapiDeviceSnapshot { PrivateKey = [] }));
    }

    [Fact]
    public void Write_PrivateKeyOfTheWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => Write(new UapiDeviceSnapshot { PrivateKey = [1, 2, 3] }));
    }

    [Fact]
    public void Write_ForwardingPeer_HasNoDvpnForwardingLine()
    {
        string reply = Write(new UapiDeviceSnapshot { Peers = [new UapiPeerSnapshot { PublicKey = Hex(UapiSetParserTests.KeyB) }] });

        Assert.DoesNotContain("dvpn_forwarding", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Ipv4Endpoint_IsBare()
    {
        string reply = Write(new UapiDeviceSnapshot
        {
            Peers = [new UapiPeerSnapshot { PublicKey = Hex(UapiSetParserTests.KeyB), Endpoint = IPEndPoint.Parse("192.0.2.1:9") }],
        });

        Assert.Contains("\nendpoint=192.0.2.1:9\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HandshakeBefore1970_IsWrittenAsNever()
    {
        string reply = Write(new UapiDeviceSnapshot
        {
            Peers = [new UapiPeerSnapshot { PublicKey = Hex(UapiSetParserTests.KeyB), LastHandshake = DateTimeOffset.UnixEpoch.AddDays(-1) }],
        });

        Assert.Contains("\nlast_handshake_time_sec=0\nlast_handshake_time_nsec=0\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PeerWithShortPublicKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => Write(new UapiDeviceSnapshot { Peers = [new UapiPeerSnapshot { PublicKey = new byte[31] }] }));
    }

    [Fact]
    public async Task Write_ThroughOurUapiClient_RoundTripsEveryValue()
    {
        using PrivateKey privateKey = PrivateKey.Generate();
        DateTimeOffset handshake = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000).AddTicks(9_876_543);
        UapiDeviceSnapshot snapshot = new()
        {
            PrivateKey = Hex(privateKey.ExportHex()),
            ListenPort = 40000,
            FirewallMark = 0x51,
            Peers =
            [
                new UapiPeerSnapshot
                {
                    PublicKey = Hex(UapiSetParserTests.KeyB),
                    PresharedKey = Hex(UapiSetParserTests.KeyC),
                    Endpoint = IPEndPoint.Parse("198.51.100.7:51820"),
                    LastHandshake = handshake,
                    TransmittedBytes = ulong.MaxValue,
                    ReceivedBytes = 123_456_789_012,
                    PersistentKeepaliveInterval = 65535,
                    AllowedIps = [IPNetwork.Parse("10.9.0.0/16"), IPNetwork.Parse("2001:db8::/32")],
                    Forwarding = false,
                },
                new UapiPeerSnapshot
                {
                    PublicKey = Hex(UapiSetParserTests.KeyC),
                    Endpoint = IPEndPoint.Parse("[2001:db8::9]:1"),
                },
            ],
        };
        ArrayBufferWriter<byte> reply = new();
        UapiGetWriter.Write(snapshot, reply);

        DeviceState state = await GetThroughOneShotSocketAsync(reply.WrittenMemory);

        Assert.Equal(privateKey.PublicKey, state.PublicKey);
        Assert.Equal((ushort)40000, state.ListenPort);
        Assert.Equal(0x51u, state.FirewallMark);
        Assert.Equal(2, state.Peers.Count);
        PeerState first = state.Peers[0];
        Assert.Equal(PublicKey.ParseHex(UapiSetParserTests.KeyB), first.PublicKey);
        Assert.True(first.HasPresharedKey);
        Assert.Equal(IPEndPoint.Parse("198.51.100.7:51820"), first.Endpoint);
        Assert.Equal(handshake, first.LastHandshake);
        Assert.Equal(ulong.MaxValue, first.TransmittedBytes);
        Assert.Equal(123_456_789_012UL, first.ReceivedBytes);
        Assert.Equal((ushort)65535, first.PersistentKeepalive);
        Assert.Equal([IPNetwork.Parse("10.9.0.0/16"), IPNetwork.Parse("2001:db8::/32")], first.AllowedIPs);
        PeerState second = state.Peers[1];
        Assert.Equal(PublicKey.ParseHex(UapiSetParserTests.KeyC), second.PublicKey);
        Assert.False(second.HasPresharedKey);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::9]:1"), second.Endpoint);
        Assert.Null(second.LastHandshake);
        Assert.Empty(second.AllowedIPs);
    }

    /// <summary>Serves <paramref name="reply"/> once on a fresh socket and reads it with our client, so only the writer is under test.</summary>
    private static async Task<DeviceState> GetThroughOneShotSocketAsync(ReadOnlyMemory<byte> reply)
    {
        string directory = Directory.CreateTempSubdirectory("dvpn-uapi-").FullName;
        try
        {
            string path = Path.Combine(directory, "oneshot.sock");
            using Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            Task serve = Task.Run(async () =>
            {
                using Socket connection = await listener.AcceptAsync();
                string request = await UapiServerFixture.ReadReplyAsync(connection);
                Assert.Equal("get=1\n\n", request);
                await connection.SendAsync(reply);
            });

            DeviceState state = await new UapiClient(path).GetAsync();
            await serve;
            return state;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
