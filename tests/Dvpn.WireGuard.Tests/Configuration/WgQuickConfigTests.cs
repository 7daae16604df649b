using System.Net;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Tests.Configuration;

public sealed class WgQuickConfigTests
{
    internal const string PrivateBase64 = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    internal const string PeerBase64 = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    internal const string PskBase64 = "FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=";

    private const string Full = $"""
        # a full example
        [Interface]
        PrivateKey = {PrivateBase64}
        ListenPort = 51820
        FwMark = 0x1234
        Address = 10.0.0.2/24, fd00::2/64
        Address = 10.9.0.1
        DNS = 1.1.1.1, 2606:4700:4700::1111, example.com
        MTU = 1420
        Table = off
        PreUp = echo pre-up
        PostUp = iptables -A FORWARD -i %i -j ACCEPT
        PostUp = echo second
        PreDown = echo pre-down
        PostDown = echo post-down
        SaveConfig = true

        [Peer]
        PublicKey = {PeerBase64}
        PresharedKey = {PskBase64}
        AllowedIPs = 0.0.0.0/0, ::/0
        Endpoint = vpn.example.com:51820
        PersistentKeepalive = 25

        [Peer]
        PublicKey = {PrivateBase64}
        AllowedIPs = 10.1.2.3/16
        Endpoint = [2001:db8::1]:51821
        PersistentKeepalive = off
        """;

    [Fact]
    public void Parse_FullFile_ReadsEverySetting()
    {
        using WgQuickConfig config = WgQuickConfig.Parse(Full);

        Assert.Equal(PrivateBase64, config.PrivateKey!.ExportBase64());
        Assert.Equal((ushort)51820, config.ListenPort);
        Assert.Equal(0x1234u, config.FirewallMark);
        Assert.Equal([InterfaceAddress.Parse("10.0.0.2/24"), InterfaceAddress.Parse("fd00::2/64"), InterfaceAddress.Parse("10.9.0.1/32")], config.Addresses);
        Assert.Equal([IPAddress.Parse("1.1.1.1"), IPAddress.Parse("2606:4700:4700::1111")], config.DnsServers);
        Assert.Equal(["example.com"], config.DnsSearchDomains);
        Assert.Equal(1420, config.Mtu);
        Assert.Equal("off", config.Table);
        Assert.Equal(["echo pre-up"], config.PreUp);
        Assert.Equal(["iptables -A FORWARD -i %i -j ACCEPT", "echo second"], config.PostUp);
        Assert.Equal(["echo pre-down"], config.PreDown);
        Assert.Equal(["echo post-down"], config.PostDown);
        Assert.True(config.SaveConfig);
        Assert.Equal(2, config.Peers.Count);
        WgQuickPeer first = config.Peers[0];
        Assert.Equal(PublicKey.ParseBase64(PeerBase64), first.PublicKey);
        Assert.Equal(PskBase64, first.PresharedKey!.ExportBase64());
        Assert.Equal([IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")], first.AllowedIPs);
        Assert.Equal("vpn.example.com:51820", first.Endpoint);
        Assert.False(first.TryGetIPEndPoint(out _));
        Assert.Equal((ushort)25, first.PersistentKeepalive);
        WgQuickPeer second = config.Peers[1];
        Assert.Equal([IPNetwork.Parse("10.1.0.0/16")], second.AllowedIPs);
        Assert.True(second.TryGetIPEndPoint(out IPEndPoint? endpoint));
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:51821"), endpoint);
        Assert.Equal((ushort)0, second.PersistentKeepalive);
    }

    [Fact]
    public void RoundTrip_WriteThenParse_GivesTheSameConfiguration()
    {
        using WgQuickConfig original = WgQuickConfig.Parse(Full);

        string text = original.ToText();
        using WgQuickConfig again = WgQuickConfig.Parse(text);

        Assert.Equal(text, again.ToText());
        Assert.Equal(original.Addresses, again.Addresses);
        Assert.Equal(original.FirewallMark, again.FirewallMark);
        Assert.Equal(original.PostUp, again.PostUp);
        Assert.Equal(original.Peers.Select(p => p.Endpoint), again.Peers.Select(p => p.Endpoint));
        Assert.Equal(original.Peers.Select(p => p.PersistentKeepalive), again.Peers.Select(p => p.PersistentKeepalive));
    }

    [Fact]
    public void Parse_KeysInAnyCaseWithCommentsAndSpacing_AreAccepted()
    {
        string text = $"  [interface]  # comment\r\nprivatekey={PrivateBase64}\r\n\tLISTENPORT =  7 # trailing\r\n#[Peer]\n[PEER]\npublickey   =   {PeerBase64}\nallowedips=\n";

        using WgQuickConfig config = WgQuickConfig.Parse(text);

        Assert.Equal((ushort)7, config.ListenPort);
        Assert.Empty(Assert.Single(config.Peers).AllowedIPs);
    }

    [Fact]
    public void Parse_FwMarkAndKeepaliveOff_AreZero()
    {
        using WgQuickConfig config = WgQuickConfig.Parse($"[Interface]\nFwMark = off\n[Peer]\nPublicKey = {PeerBase64}\nPersistentKeepalive = off\n");

        Assert.Equal(0u, config.FirewallMark);
        Assert.Equal((ushort)0, config.Peers[0].PersistentKeepalive);
    }

    [Fact]
    public void ToInterfaceConfig_IPEndpoints_GivesFullConfiguration()
    {
        using WgQuickConfig config = WgQuickConfig.Parse($"[Interface]\nPrivateKey = {PrivateBase64}\nListenPort = 1\n[Peer]\nPublicKey = {PeerBase64}\nEndpoint = 192.0.2.1:2\nAllowedIPs = 10.0.0.0/8\n");

        InterfaceConfig applied = config.ToInterfaceConfig();

        Assert.True(applied.ReplacePeers);
        Assert.Same(config.PrivateKey, applied.PrivateKey);
        Assert.Equal(IPEndPoint.Parse("192.0.2.1:2"), Assert.Single(applied.Peers).Endpoint);
    }

    [Fact]
    public void ToInterfaceConfig_HostnameEndpoint_Throws()
    {
        using WgQuickConfig config = WgQuickConfig.Parse($"[Peer]\nPublicKey = {PeerBase64}\nEndpoint = vpn.example.com:2\n");

        Assert.Throws<InvalidOperationException>(() => config.ToInterfaceConfig());
    }

    [Fact]
    public void ToString_NeverShowsKeys()
    {
        using WgQuickConfig config = WgQuickConfig.Parse(Full);

        Assert.DoesNotContain(PrivateBase64, config.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(PskBase64, config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_WipesOwnedKeys()
    {
        WgQuickConfig config = WgQuickConfig.Parse(Full);

        config.Dispose();

        Assert.Throws<ObjectDisposedException>(() => config.PrivateKey!.ExportBase64());
        Assert.Throws<ObjectDisposedException>(() => config.Peers[0].PresharedKey!.ExportBase64());
    }

    [Fact]
    public void Write_HookWithNewline_IsRefused()
    {
        using WgQuickConfig config = new() { PostUp = ["echo a\n[Peer]"] };

        Assert.Throws<ArgumentException>(() => config.ToText());
    }
}
