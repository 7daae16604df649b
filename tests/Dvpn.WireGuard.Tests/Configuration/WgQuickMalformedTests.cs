using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Tests.Configuration;

public sealed class WgQuickMalformedTests
{
    private const string Priv = WgQuickConfigTests.PrivateBase64;
    private const string Peer = WgQuickConfigTests.PeerBase64;

    /// <summary>File text, the line at fault, and a fragment of the message.</summary>
    public static TheoryData<string, int, string> MalformedFiles() => new()
    {
        { "PrivateKey = " + Priv + "\n", 1, "outside any section" },
        { "[Interface]\n[Interface]\n", 2, "second [Interface]" },
        { "[Interfaces]\n", 1, "unknown section" },
        { "[Interface]\njust words\n", 2, "expected 'Key = Value'" },
        { "[Interface]\n = 5\n", 2, "without a name" },
        { "[Interface]\nPrivateKey = " + Priv[..43] + "\n", 2, "PrivateKey is not" },
        { "[Interface]\nPrivateKey = " + Priv + "=" + "\n", 2, "PrivateKey is not" },
        { "[Interface]\nPrivateKey = " + Priv[..20] + "*" + Priv[21..] + "\n", 2, "PrivateKey is not" },
        { "[Interface]\nPrivateKey = " + Priv + Priv + "\n", 2, "PrivateKey is not" },
        { "[Interface]\nListenPort = 65536\n", 2, "ListenPort" },
        { "[Interface]\nListenPort = -1\n", 2, "ListenPort" },
        { "[Interface]\nListenPort = port\n", 2, "ListenPort" },
        { "[Interface]\nFwMark = 0x1ffffffff\n", 2, "FwMark" },
        { "[Interface]\nFwMark = 0xzz\n", 2, "FwMark" },
        { "[Interface]\nAddress = 10.0.0.1/33\n", 2, "Address" },
        { "[Interface]\nAddress = 10.0.0.1/24,\n", 2, "Address" },
        { "[Interface]\nAddress = 10.0.1/24\n", 2, "Address" },
        { "[Interface]\nAddress = host.example\n", 2, "Address" },
        { "[Interface]\nDNS = 1.1.1.1, ,8.8.8.8\n", 2, "DNS has an empty entry" },
        { "[Interface]\nDNS = bad domain!\n", 2, "DNS entry" },
        { "[Interface]\nMTU = 40\n", 2, "MTU" },
        { "[Interface]\nMTU = 1e3\n", 2, "MTU" },
        { "[Interface]\nTable = \n", 2, "Table" },
        { "[Interface]\nSaveConfig = maybe\n", 2, "SaveConfig" },
        { "[Interface]\nPrivatKey = " + Priv + "\n", 2, "unknown [Interface] setting PrivatKey" },
        { "[Interface]\nEndpoint = 192.0.2.1:1\n", 2, "unknown [Interface] setting" },
        { "[Peer]\nAllowedIPs = 10.0.0.0/8\n", 1, "without PublicKey" },
        { "[Peer]\nPublicKey = " + Peer + "\n[Peer]\nEndpoint = 192.0.2.1:1\n", 3, "without PublicKey" },
        { "[Peer]\nPublicKey = not-a-key\n", 2, "PublicKey is not" },
        { "[Peer]\nPublicKey = " + Peer + "\nPresharedKey = " + Priv[..40] + "\n", 3, "PresharedKey is not" },
        { "[Peer]\nPublicKey = " + Peer + "\nAllowedIPs = 10.0.0.0/8, fd00::/129\n", 3, "AllowedIPs" },
        { "[Peer]\nPublicKey = " + Peer + "\nAllowedIPs = everything\n", 3, "AllowedIPs" },
        { "[Peer]\nPublicKey = " + Peer + "\nEndpoint = 192.0.2.1\n", 3, "Endpoint" },
        { "[Peer]\nPublicKey = " + Peer + "\nEndpoint = 2001:db8::1:51820\n", 3, "Endpoint" },
        { "[Peer]\nPublicKey = " + Peer + "\nEndpoint = [2001:db8::1:51820\n", 3, "Endpoint" },
        { "[Peer]\nPublicKey = " + Peer + "\nEndpoint = host:99999\n", 3, "Endpoint" },
        { "[Peer]\nPublicKey = " + Peer + "\nEndpoint = bad host:1\n", 3, "Endpoint" },
        { "[Peer]\nPublicKey = " + Peer + "\nPersistentKeepalive = 65536\n", 3, "PersistentKeepalive" },
        { "[Peer]\nPublicKey = " + Peer + "\nPersistentKeepalive = sometimes\n", 3, "PersistentKeepalive" },
        { "[Peer]\nPublicKey = " + Peer + "\nListenPort = 1\n", 3, "unknown [Peer] setting" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Parse_MalformedFile_ThrowsWithLineNumberAndNoKeyValue(string text, int line, string expected)
    {
        WgQuickFormatException e = Assert.Throws<WgQuickFormatException>(() => WgQuickConfig.Parse(text));

        Assert.Equal(line, e.LineNumber);
        Assert.Contains($"line {line}:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Priv[..12], e.Message, StringComparison.Ordinal);
        Assert.False(WgQuickConfig.TryParse(text, out WgQuickConfig? config));
        Assert.Null(config);
    }
}
