using System.Buffers.Binary;
using System.Net;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.WireGuardNT;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

public sealed class ConfigReaderTests
{
    [Fact]
    public void Read_GoldenSetBytes_RoundTripsTheConfiguration()
    {
        InterfaceConfig config = Golden.Configuration(out IDisposable keys);
        using (keys)
        {
            byte[] written = new byte[WireGuardNTConfigWriter.GetSize(config)];
            WireGuardNTConfigWriter.Write(config, written);

            Assert.True(WireGuardNTConfigReader.TryRead(written, out DeviceState? state, out string? error), error);

            Assert.Null(state.PublicKey); // a set carries no public key: the driver derives it
            Assert.Equal(config.ListenPort, state.ListenPort);
            Assert.Equal(0u, state.FirewallMark);
            Assert.Equal(config.Peers.Count, state.Peers.Count);
            for (int i = 0; i < config.Peers.Count; i++)
            {
                PeerConfig expected = config.Peers[i];
                PeerState actual = state.Peers[i];
                Assert.Equal(expected.PublicKey, actual.PublicKey);
                Assert.Equal(expected.PresharedKey is not null, actual.HasPresharedKey);
                Assert.Equal(expected.Endpoint, actual.Endpoint);
                Assert.Equal(expected.AllowedIPs, actual.AllowedIPs);
                Assert.Equal(expected.PersistentKeepalive ?? 0, actual.PersistentKeepalive);
                Assert.Null(actual.LastHandshake);
                Assert.Equal(0ul, actual.ReceivedBytes);
                Assert.Equal(0ul, actual.TransmittedBytes);
            }
        }
    }

    [Fact]
    public void Read_DriverOutput_ParsesKeysStatisticsAndHandshake()
    {
        DeviceState state = WireGuardNTConfigReader.Read(Golden.GetBytes());

        Assert.Equal(new PublicKey(Golden.Run(0x70)), state.PublicKey);
        Assert.Equal(12345, state.ListenPort);
        PeerState peer = Assert.Single(state.Peers);
        Assert.Equal(new PublicKey(Golden.PeerAKeyBytes), peer.PublicKey);
        Assert.True(peer.HasPresharedKey);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 443), peer.Endpoint);
        Assert.Equal(0, peer.PersistentKeepalive);
        Assert.Equal(0x0102030405060708ul, peer.TransmittedBytes);
        Assert.Equal(1000ul, peer.ReceivedBytes);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), peer.LastHandshake);
        Assert.Equal([IPNetwork.Parse("0.0.0.0/0")], peer.AllowedIPs);
    }

    [Fact]
    public void Read_HostBitsInAllowedIP_AreCleared()
    {
        byte[] g = Golden.GetBytes();
        g[216] = 10; g[217] = 1; g[218] = 2; g[219] = 3; // 10.1.2.3
        g[234] = 16;                                     // /16

        Assert.Equal(IPNetwork.Parse("10.1.0.0/16"), Assert.Single(WireGuardNTConfigReader.Read(g).Peers[0].AllowedIPs));
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "truncated interface", "truncated" },
        { "peer count too large", "peer count 3 overruns" },
        { "peer count 0xFFFFFFFF", "peer count 4294967295 overruns" },
        { "peer cut short", "peer count 2 overruns" },
        { "allowed-IP count overrun", "peer 0: allowed-IP count 100 overruns" },
        { "allowed IPs cut short", "peer 1: allowed-IP count 1 overruns" },
        { "allowed IP with Linux AF_INET6", "peer 0: allowed IP 1: address family 10 (Linux's AF_INET6" },
        { "allowed IP with unknown family", "peer 1: allowed IP 0: unknown address family 99" },
        { "endpoint with unknown family", "peer 0: endpoint: unknown address family 7" },
        { "IPv4 CIDR over 32", "peer 0: allowed IP 0: CIDR /33" },
        { "IPv6 CIDR over 128", "peer 0: allowed IP 1: CIDR /129" },
        { "handshake past 9999", "past the year 9999" },
        { "trailing bytes", "8 trailing bytes" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryRead_MalformedBuffer_IsRejectedWithClearError(string mutation, string expectedError)
    {
        byte[] buffer = Mutate(mutation);

        Assert.False(WireGuardNTConfigReader.TryRead(buffer, out DeviceState? state, out string? error));
        Assert.Null(state);
        Assert.Contains(expectedError, error, StringComparison.Ordinal);
        var thrown = Assert.Throws<InvalidDataException>(() => WireGuardNTConfigReader.Read(buffer));
        Assert.Contains(expectedError, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_EveryTruncationOfTheGolden_FailsWithoutThrowing()
    {
        byte[] golden = Golden.SetBytes();
        for (int length = 0; length < golden.Length; length++)
        {
            Assert.False(WireGuardNTConfigReader.TryRead(golden.AsSpan(0, length), out _, out string? error));
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void TryRead_EndpointFlagClear_IgnoresEndpointBytes()
    {
        byte[] g = Golden.GetBytes();
        g[80] &= unchecked((byte)~0x08); // drop HAS_ENDPOINT
        g[156] = 7;                      // garbage family that would otherwise be rejected

        Assert.Null(Assert.Single(WireGuardNTConfigReader.Read(g).Peers).Endpoint);
    }

    private static byte[] Mutate(string mutation)
    {
        byte[] g = Golden.SetBytes();
        switch (mutation)
        {
            case "truncated interface":
                return g[..79];
            case "peer count too large":
                g[72] = 3;
                return g;
            case "peer count 0xFFFFFFFF":
                BinaryPrimitives.WriteUInt32LittleEndian(g.AsSpan(72), uint.MaxValue);
                return g;
            case "peer cut short":
                return g[..(80 + 136 + 100)]; // room for one peer and a bit: two do not fit
            case "allowed-IP count overrun":
                g[Golden.PeerA + 128] = 100;
                return g;
            case "allowed IPs cut short":
                return g[..(Golden.SetSize - 4)];
            case "allowed IP with Linux AF_INET6":
                g[Golden.PeerAAllowed1 + 16] = 10;
                return g;
            case "allowed IP with unknown family":
                g[Golden.PeerBAllowed0 + 16] = 99;
                return g;
            case "endpoint with unknown family":
                g[Golden.PeerA + 76] = 7;
                return g;
            case "IPv4 CIDR over 32":
                g[Golden.PeerAAllowed0 + 18] = 33;
                return g;
            case "IPv6 CIDR over 128":
                g[Golden.PeerAAllowed1 + 18] = 129;
                return g;
            case "handshake past 9999":
                BinaryPrimitives.WriteUInt64LittleEndian(g.AsSpan(Golden.PeerA + 120), ulong.MaxValue);
                return g;
            case "trailing bytes":
                return [.. g, .. new byte[8]];
            default:
                throw new ArgumentOutOfRangeException(nameof(mutation));
        }
    }
}
