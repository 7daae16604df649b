using System.Net;
using System.Text;
using Dvpn.WireGuard.Userspace.Uapi;

namespace Dvpn.WireGuard.Userspace.Tests.Uapi;

public sealed class UapiSetParserTests
{
    internal const string KeyA = "e84b5a6d2717c1003a13b431570353dbaca9146cf150c5f8575680feba52027a";
    internal const string KeyB = "58402e695ba1772b1cc9309755f043251ea77fdcf10fbe63989ceb7e19321376";
    internal const string KeyC = "662e14fd594556f522604703340351258903b64f35553763f19426ab2a515c58";

    /// <summary>The example from wireguard.com/xplatform, plus our extension.</summary>
    internal const string Example =
        "private_key=" + KeyA + "\n" +
        "listen_port=12912\n" +
        "fwmark=0\n" +
        "replace_peers=true\n" +
        "public_key=" + KeyB + "\n" +
        "preshared_key=" + KeyC + "\n" +
        "replace_allowed_ips=true\n" +
        "allowed_ip=192.168.4.4/32\n" +
        "endpoint=[abcd:23::33%2]:51820\n" +
        "public_key=" + KeyC + "\n" +
        "replace_allowed_ips=true\n" +
        "allowed_ip=192.168.4.6/32\n" +
        "persistent_keepalive_interval=111\n" +
        "endpoint=182.122.22.19:3233\n" +
        "dvpn_forwarding=false\n" +
        "public_key=" + KeyA + "\n" +
        "endpoint=5.152.198.39:51820\n" +
        "allowed_ip=192.168.4.10/32\n" +
        "allowed_ip=192.168.4.11/32\n" +
        "update_only=true\n" +
        "protocol_version=1\n" +
        "public_key=" + KeyB + "\n" +
        "remove=true\n" +
        "\n";

    private static UapiSetRequest Parse(string body)
    {
        Assert.True(UapiSetParser.TryParse(Encoding.ASCII.GetBytes(body), out UapiSetRequest? request, out UapiError error), error.Message);
        return request!;
    }

    private static UapiError Refuse(string body)
    {
        Assert.False(UapiSetParser.TryParse(Encoding.ASCII.GetBytes(body), out UapiSetRequest? request, out UapiError error));
        Assert.Null(request);
        Assert.Equal(UapiError.InvalidArgument, error.Errno);
        Assert.False(string.IsNullOrEmpty(error.Message));
        return error;
    }

    [Fact]
    public void TryParse_XplatformExample_ReadsEveryAttributeInOrder()
    {
        UapiSetRequest request = Parse(Example);

        Assert.Equal(Convert.FromHexString(KeyA), request.PrivateKey);
        Assert.Equal((ushort)12912, request.ListenPort);
        Assert.Equal(0u, request.FirewallMark);
        Assert.True(request.ReplacePeers);
        Assert.Equal(4, request.Peers.Count);

        UapiPeerChange first = request.Peers[0];
        Assert.Equal(Convert.FromHexString(KeyB), first.PublicKey);
        Assert.Equal(Convert.FromHexString(KeyC), first.PresharedKey);
        Assert.True(first.ReplaceAllowedIps);
        Assert.Equal([IPNetwork.Parse("192.168.4.4/32")], first.AllowedIps);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("abcd:23::33%2"), 51820), first.Endpoint);
        Assert.Null(first.PersistentKeepaliveInterval);
        Assert.Null(first.Forwarding);
        Assert.False(first.Remove);
        Assert.False(first.UpdateOnly);

        UapiPeerChange second = request.Peers[1];
        Assert.Equal(Convert.FromHexString(KeyC), second.PublicKey);
        Assert.Null(second.PresharedKey);
        Assert.Equal((ushort)111, second.PersistentKeepaliveInterval);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("182.122.22.19"), 3233), second.Endpoint);
        Assert.False(second.Forwarding);

        UapiPeerChange third = request.Peers[2];
        Assert.True(third.UpdateOnly);
        Assert.False(third.ReplaceAllowedIps);
        Assert.Equal([IPNetwork.Parse("192.168.4.10/32"), IPNetwork.Parse("192.168.4.11/32")], third.AllowedIps);

        UapiPeerChange fourth = request.Peers[3];
        Assert.True(fourth.Remove);
        Assert.Equal(Convert.FromHexString(KeyB), fourth.PublicKey);
    }

    [Fact]
    public void TryParse_EmptyBody_IsAnEmptyRequest()
    {
        UapiSetRequest request = Parse("\n");

        Assert.Null(request.PrivateKey);
        Assert.Null(request.ListenPort);
        Assert.Null(request.FirewallMark);
        Assert.False(request.ReplacePeers);
        Assert.Empty(request.Peers);
    }

    [Fact]
    public void TryParse_AllZeroPrivateKey_MeansRemoveAsAnEmptyArray()
    {
        UapiSetRequest request = Parse("private_key=" + new string('0', 64) + "\n\n");

        Assert.NotNull(request.PrivateKey);
        Assert.Empty(request.PrivateKey);
    }

    [Fact]
    public void TryParse_UpperCaseHex_IsAccepted()
    {
        UapiSetRequest request = Parse("public_key=" + KeyB.ToUpperInvariant() + "\n\n");

        Assert.Equal(Convert.FromHexString(KeyB), Assert.Single(request.Peers).PublicKey);
    }

    [Fact]
    public void TryParse_AllZeroPresharedKey_IsKeptAsZerosToRemoveIt()
    {
        UapiSetRequest request = Parse("public_key=" + KeyB + "\npreshared_key=" + new string('0', 64) + "\n\n");

        Assert.Equal(new byte[32], Assert.Single(request.Peers).PresharedKey);
    }

    [Theory]
    [InlineData("listen_port=0", (ushort)0)]
    [InlineData("listen_port=51820", (ushort)51820)]
    [InlineData("listen_port=65535", (ushort)65535)]
    [InlineData("listen_port=00080", (ushort)80)]
    public void TryParse_ListenPort_IsRead(string line, ushort expected) =>
        Assert.Equal(expected, Parse(line + "\n\n").ListenPort);

    [Theory]
    [InlineData("fwmark=0", 0u)]
    [InlineData("fwmark=51820", 51820u)]
    [InlineData("fwmark=4294967295", uint.MaxValue)]
    public void TryParse_FirewallMark_IsRead(string line, uint expected) =>
        Assert.Equal(expected, Parse(line + "\n\n").FirewallMark);

    [Theory]
    [InlineData("1.2.3.4:51820", "1.2.3.4", 51820)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("255.255.255.255:65535", "255.255.255.255", 65535)]
    [InlineData("[::1]:51820", "::1", 51820)]
    [InlineData("[fe80::1%3]:1", "fe80::1%3", 1)]
    [InlineData("[::ffff:1.2.3.4]:7", "::ffff:1.2.3.4", 7)]
    public void TryParse_Endpoint_IsRead(string value, string address, int port) =>
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port),
            Assert.Single(Parse($"public_key={KeyB}\nendpoint={value}\n\n").Peers).Endpoint);

    [Theory]
    [InlineData("10.0.0.2/32", "10.0.0.2/32")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("10.1.2.3/8", "10.0.0.0/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("1.2.3.4/0", "0.0.0.0/0")]
    [InlineData("fd00::1/64", "fd00::/64")]
    [InlineData("::/0", "::/0")]
    [InlineData("2001:db8::ff/128", "2001:db8::ff/128")]
    [InlineData("10.0.0.255/31", "10.0.0.254/31")]
    public void TryParse_AllowedIp_IsMaskedToItsPrefix(string value, string expected) =>
        Assert.Equal(IPNetwork.Parse(expected),
            Assert.Single(Assert.Single(Parse($"public_key={KeyB}\nallowed_ip={value}\n\n").Peers).AllowedIps));

    [Theory]
    [InlineData("0", (ushort)0)]
    [InlineData("25", (ushort)25)]
    [InlineData("65535", (ushort)65535)]
    public void TryParse_PersistentKeepalive_IsRead(string value, ushort expected) =>
        Assert.Equal(expected,
            Assert.Single(Parse($"public_key={KeyB}\npersistent_keepalive_interval={value}\n\n").Peers).PersistentKeepaliveInterval);

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void TryParse_DvpnForwarding_IsRead(string value, bool expected) =>
        Assert.Equal(expected, Assert.Single(Parse($"public_key={KeyB}\ndvpn_forwarding={value}\n\n").Peers).Forwarding);

    [Fact]
    public void TryParse_Flags_AreReadPerPeer()
    {
        UapiSetRequest request = Parse(
            $"public_key={KeyA}\nupdate_only=true\npublic_key={KeyB}\nremove=true\npublic_key={KeyC}\nreplace_allowed_ips=true\n\n");

        Assert.Equal([true, false, false], request.Peers.Select(p => p.UpdateOnly));
        Assert.Equal([false, true, false], request.Peers.Select(p => p.Remove));
        Assert.Equal([false, false, true], request.Peers.Select(p => p.ReplaceAllowedIps));
    }

    [Fact]
    public void TryParse_PeerAttributes_BelongToTheLatestPublicKey()
    {
        UapiSetRequest request = Parse(
            $"public_key={KeyA}\nallowed_ip=10.0.0.1/32\npublic_key={KeyB}\nallowed_ip=10.0.0.2/32\nallowed_ip=10.0.0.3/32\n\n");

        Assert.Equal([IPNetwork.Parse("10.0.0.1/32")], request.Peers[0].AllowedIps);
        Assert.Equal([IPNetwork.Parse("10.0.0.2/32"), IPNetwork.Parse("10.0.0.3/32")], request.Peers[1].AllowedIps);
    }

    public static TheoryData<string> InvalidBodies() => new()
    {
        // framing
        "listen_port=1\n",
        "listen_port=1",
        "listen_port=1\n\nlisten_port=2\n\n",
        "listen_port\n\n",
        "=1\n\n",
        "listen_port=1\r\n\n",
        "listen_port=1\0\n\n",
        "listen_port=\u00e91\n\n",
        // unknown attributes
        "bogus=1\n\n",
        "Listen_port=1\n\n",
        $"public_key={KeyB}\nbogus=1\n\n",
        "get=1\n\n",
        // keys
        "private_key=abc\n\n",
        $"private_key={KeyA}00\n\n",
        $"private_key={KeyA[..63]}g\n\n",
        $"private_key= {KeyA[1..]}\n\n",
        "public_key=\n\n",
        $"public_key={KeyB[..62]}\n\n",
        $"public_key={KeyB}\npreshared_key=xyz\n\n",
        // numbers
        "listen_port=65536\n\n",
        "listen_port=-1\n\n",
        "listen_port=+1\n\n",
        "listen_port=\n\n",
        "listen_port= 1\n\n",
        "listen_port=1 \n\n",
        "listen_port=0x10\n\n",
        "listen_port=99999999999999999999\n\n",
        "fwmark=4294967296\n\n",
        "fwmark=1.5\n\n",
        $"public_key={KeyB}\npersistent_keepalive_interval=65536\n\n",
        $"public_key={KeyB}\npersistent_keepalive_interval=abc\n\n",
        // flags
        "replace_peers=false\n\n",
        "replace_peers=1\n\n",
        "replace_peers=TRUE\n\n",
        $"public_key={KeyB}\nremove=false\n\n",
        $"public_key={KeyB}\nupdate_only=yes\n\n",
        $"public_key={KeyB}\nreplace_allowed_ips=\n\n",
        $"public_key={KeyB}\ndvpn_forwarding=maybe\n\n",
        $"public_key={KeyB}\ndvpn_forwarding=True\n\n",
        // endpoints
        $"public_key={KeyB}\nendpoint=1.2.3.4\n\n",
        $"public_key={KeyB}\nendpoint=1.2.3.4:\n\n",
        $"public_key={KeyB}\nendpoint=1.2.3.4:65536\n\n",
        $"public_key={KeyB}\nendpoint=::1:51820\n\n",
        $"public_key={KeyB}\nendpoint=[1.2.3.4]:51820\n\n",
        $"public_key={KeyB}\nendpoint=[::1]51820\n\n",
        $"public_key={KeyB}\nendpoint=1.2.3:51820\n\n",
        $"public_key={KeyB}\nendpoint=01.2.3.4:51820\n\n",
        $"public_key={KeyB}\nendpoint=256.2.3.4:51820\n\n",
        $"public_key={KeyB}\nendpoint=example.com:51820\n\n",
        $"public_key={KeyB}\nendpoint=:51820\n\n",
        $"public_key={KeyB}\nendpoint=[]:51820\n\n",
        // allowed IPs
        $"public_key={KeyB}\nallowed_ip=10.0.0.1\n\n",
        $"public_key={KeyB}\nallowed_ip=10.0.0.1/33\n\n",
        $"public_key={KeyB}\nallowed_ip=10.0.0.1/\n\n",
        $"public_key={KeyB}\nallowed_ip=/8\n\n",
        $"public_key={KeyB}\nallowed_ip=10.0.0.1/-1\n\n",
        $"public_key={KeyB}\nallowed_ip=fd00::/129\n\n",
        $"public_key={KeyB}\nallowed_ip=fe80::1%2/64\n\n",
        $"public_key={KeyB}\nallowed_ip=10.0.1/24\n\n",
        $"public_key={KeyB}\nallowed_ip=10.0.0.1/8/8\n\n",
        // order and version
        "preshared_key=" + KeyC + "\n\n",
        "endpoint=1.2.3.4:5\n\n",
        "allowed_ip=10.0.0.0/8\n\n",
        "protocol_version=1\n\n",
        $"public_key={KeyB}\nlisten_port=1\n\n",
        $"public_key={KeyB}\nprivate_key={KeyA}\n\n",
        $"public_key={KeyB}\nfwmark=1\n\n",
        $"public_key={KeyB}\nreplace_peers=true\n\n",
        $"public_key={KeyB}\nprotocol_version=2\n\n",
        $"public_key={KeyB}\nprotocol_version=0\n\n",
        $"public_key={KeyB}\nprotocol_version=01\n\n",
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public void TryParse_InvalidBody_IsRefusedWithEinval(string body) => Refuse(body);

    [Fact]
    public void TryParse_DeviceAttributeAfterPeer_SaysSo()
    {
        UapiError error = Refuse($"public_key={KeyB}\nlisten_port=1\n\n");

        Assert.Contains("listen_port after a public_key", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ProtocolVersion2_SaysOnly1()
    {
        UapiError error = Refuse($"public_key={KeyB}\nprotocol_version=2\n\n");

        Assert.Contains("protocol_version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_BadKey_DoesNotEchoTheKey()
    {
        string almostKey = KeyA[..63] + "z";

        UapiError error = Refuse($"private_key={almostKey}\n\n");

        Assert.DoesNotContain(KeyA[..20], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LineAtTheLimit_IsReadAndOneByteMoreIsRefused()
    {
        string name = "x_unknown=";
        string atLimit = name + new string('1', UapiSetParser.MaxLineBytes - name.Length);

        UapiError atLimitError = Refuse(atLimit + "\n\n");
        UapiError overError = Refuse(atLimit + "1\n\n");

        Assert.Contains("unknown", atLimitError.Message, StringComparison.Ordinal);
        Assert.Contains("longer than", overError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadLine_MorePeersThanTheCap_IsRefused()
    {
        UapiSetParser parser = new(maxPeers: 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(parser.TryReadLine(Encoding.ASCII.GetBytes("public_key=" + KeyA), out _));
        }

        Assert.False(parser.TryReadLine(Encoding.ASCII.GetBytes("public_key=" + KeyA), out UapiError error));
        Assert.Equal(UapiError.InvalidArgument, error.Errno);
        Assert.Contains("more than 3 peers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadLine_MoreAllowedIpsThanTheCap_IsRefusedAcrossPeers()
    {
        UapiSetParser parser = new(maxAllowedIps: 2);
        Assert.True(parser.TryReadLine(Encoding.ASCII.GetBytes("public_key=" + KeyA), out _));
        Assert.True(parser.TryReadLine("allowed_ip=10.0.0.1/32"u8, out _));
        Assert.True(parser.TryReadLine(Encoding.ASCII.GetBytes("public_key=" + KeyB), out _));
        Assert.True(parser.TryReadLine("allowed_ip=10.0.0.2/32"u8, out _));

        Assert.False(parser.TryReadLine("allowed_ip=10.0.0.3/32"u8, out UapiError error));
        Assert.Contains("more than 2 allowed IPs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DefaultCaps_AcceptAThousandPeers()
    {
        StringBuilder body = new();
        for (int i = 0; i < 1000; i++)
        {
            body.Append("public_key=").Append(Convert.ToHexStringLower(BitConverter.GetBytes(i))).Append(new string('0', 56)).Append('\n');
            body.Append("allowed_ip=10.").Append(i / 256).Append('.').Append(i % 256).Append(".0/24\n");
        }

        body.Append('\n');

        Assert.Equal(1000, Parse(body.ToString()).Peers.Count);
    }

    [Fact]
    public void TryReadLine_AfterAFailure_KeepsFailing()
    {
        UapiSetParser parser = new();
        Assert.False(parser.TryReadLine("bogus=1"u8, out UapiError first));

        Assert.False(parser.TryReadLine("listen_port=1"u8, out UapiError second));
        Assert.Equal(first, second);
        Assert.Null(parser.Request.ListenPort);
    }

    [Fact]
    public void TryReadLine_AfterTheEmptyLine_Fails()
    {
        UapiSetParser parser = new();
        Assert.True(parser.TryReadLine([], out _));
        Assert.True(parser.IsComplete);

        Assert.False(parser.TryReadLine("listen_port=1"u8, out UapiError error));
        Assert.Contains("after the empty line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClearKeys_ZeroesPrivateAndPresharedKeys()
    {
        UapiSetRequest request = Parse(Example);

        UapiSetParser.ClearKeys(request);

        Assert.Equal(new byte[32], request.PrivateKey);
        Assert.Equal(new byte[32], request.Peers[0].PresharedKey);
    }
}
