using System.Net;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Tests.Uapi;

public sealed class UapiGetParserTests
{
    public static TheoryData<string, string, string> Malformed() => UapiReplyCases.MalformedGetReplies();

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_MalformedReply_IsRejectedWithClearMessage(string name, string reply, string expected)
    {
        bool ok = UapiGetParser.TryParseReply(UapiReplyCases.Bytes(reply), NullLogger.Instance, out _, out DeviceState? state, out UapiParseError error);

        Assert.False(ok, name);
        Assert.Null(state);
        UapiProtocolException exception = error.ToException();
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(UapiReplyCases.SecretHex[..16], exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_FullReply_ReadsInterfaceAndPeers()
    {
        using PrivateKey key = PrivateKey.ParseHex(UapiReplyCases.SecretHex);
        string reply = $"""
            private_key={UapiReplyCases.SecretHex}
            listen_port=51820
            fwmark=66
            public_key={UapiReplyCases.PublicKeyHex}
            preshared_key={UapiReplyCases.SecretHex}
            protocol_version=1
            endpoint=[2001:db8::1]:51821
            last_handshake_time_sec=1700000000
            last_handshake_time_nsec=500000000
            tx_bytes=100
            rx_bytes=18446744073709551615
            persistent_keepalive_interval=25
            allowed_ip=10.0.0.0/24
            allowed_ip=fd00::/64
            public_key={key.PublicKey.ToHex()}
            preshared_key={new string('0', 64)}
            last_handshake_time_sec=0
            last_handshake_time_nsec=0
            errno=0


            """.Replace("\r", "", StringComparison.Ordinal);

        Assert.True(UapiGetParser.TryParseReply(UapiReplyCases.Bytes(reply), NullLogger.Instance, out long errno, out DeviceState? state, out UapiParseError error), error.Message);

        Assert.Equal(0, errno);
        Assert.Equal(key.PublicKey, state!.PublicKey);
        Assert.Equal((ushort)51820, state.ListenPort);
        Assert.Equal(66u, state.FirewallMark);
        Assert.Equal(2, state.Peers.Count);
        PeerState first = state.Peers[0];
        Assert.Equal(PublicKey.ParseHex(UapiReplyCases.PublicKeyHex), first.PublicKey);
        Assert.True(first.HasPresharedKey);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:51821"), first.Endpoint);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddMilliseconds(500), first.LastHandshake);
        Assert.Equal(100ul, first.TransmittedBytes);
        Assert.Equal(ulong.MaxValue, first.ReceivedBytes);
        Assert.Equal((ushort)25, first.PersistentKeepalive);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("fd00::/64")], first.AllowedIPs);
        Assert.False(state.Peers[1].HasPresharedKey);
        Assert.Null(state.Peers[1].LastHandshake);
        Assert.Null(state.Peers[1].Endpoint);
    }

    [Fact]
    public void Parse_EmptyDevice_HasNoKeyAndNoPeers()
    {
        Assert.True(UapiGetParser.TryParseReply("listen_port=0\nerrno=0\n\n"u8, NullLogger.Instance, out _, out DeviceState? state, out _));

        Assert.Null(state!.PublicKey);
        Assert.Empty(state.Peers);
    }

    [Fact]
    public void Parse_UnknownAttributes_AreIgnoredAndLogged()
    {
        RecordingLogger logger = new();
        string reply = UapiReplyCases.Peer("future_thing=42\nrx_bytes=7\n").Replace("listen_port", "new_interface_thing=x\nlisten_port", StringComparison.Ordinal);

        Assert.True(UapiGetParser.TryParseReply(UapiReplyCases.Bytes(reply), logger, out _, out DeviceState? state, out UapiParseError error), error.Message);

        Assert.Equal(7ul, Assert.Single(state!.Peers).ReceivedBytes);
        Assert.Equal(2, logger.Messages.Count(m => m.Contains("Ignoring unknown UAPI attribute", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_NonZeroErrno_ReportsItWithoutState()
    {
        Assert.True(UapiGetParser.TryParseReply("errno=-22\n\n"u8, NullLogger.Instance, out long errno, out DeviceState? state, out _));

        Assert.Equal(-22, errno);
        Assert.Null(state);
    }

    [Fact]
    public void Parse_HostBitsInAllowedIp_AreCleared()
    {
        string reply = UapiReplyCases.Peer("allowed_ip=10.1.2.3/16\n");

        Assert.True(UapiGetParser.TryParseReply(UapiReplyCases.Bytes(reply), NullLogger.Instance, out _, out DeviceState? state, out _));

        Assert.Equal(IPNetwork.Parse("10.1.0.0/16"), Assert.Single(state!.Peers[0].AllowedIPs));
    }

    [Fact]
    public void Parse_ZoneInEndpoint_IsKept()
    {
        Assert.True(UapiGetParser.TryParseReply(UapiReplyCases.Bytes(UapiReplyCases.Peer("endpoint=[fe80::1%1]:51820\n")), NullLogger.Instance, out _, out DeviceState? state, out _));

        Assert.Equal(1, state!.Peers[0].Endpoint!.Address.ScopeId);
    }
}
