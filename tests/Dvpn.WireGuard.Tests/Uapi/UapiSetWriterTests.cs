using System.Net;
using System.Text;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.WireGuard.Tests.Uapi;

public sealed class UapiSetWriterTests
{
    private static readonly PublicKey Peer = PublicKey.ParseHex(UapiReplyCases.PublicKeyHex);

    [Fact]
    public void Write_FullConfiguration_ListsEverythingInProtocolOrder()
    {
        using PrivateKey key = PrivateKey.ParseHex(UapiReplyCases.SecretHex);
        using PresharedKey psk = PresharedKey.ParseHex(UapiReplyCases.SecretHex);
        InterfaceConfig config = new()
        {
            PrivateKey = key,
            ListenPort = 51820,
            FirewallMark = 7,
            ReplacePeers = true,
            Peers =
            [
                new PeerConfig
                {
                    PublicKey = Peer,
                    PresharedKey = psk,
                    Endpoint = IPEndPoint.Parse("[2001:db8::1]:51821"),
                    PersistentKeepalive = 0,
                    AllowedIPs = [IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("::/0")],
                },
            ],
        };

        Assert.Equal(
            $"set=1\nprivate_key={key.ExportHex()}\nlisten_port=51820\nfwmark=7\nreplace_peers=true\n"
            + $"public_key={UapiReplyCases.PublicKeyHex}\npreshared_key={UapiReplyCases.SecretHex}\nendpoint=[2001:db8::1]:51821\n"
            + "persistent_keepalive_interval=0\nreplace_allowed_ips=true\nallowed_ip=10.0.0.0/24\nallowed_ip=::/0\n\n",
            Write(config));
    }

    [Fact]
    public void Write_IncrementalPeerUpdate_OmitsReplaceAndUnsetFields()
    {
        InterfaceConfig config = new()
        {
            Peers = [new PeerConfig { PublicKey = Peer, UpdateOnly = true, ReplaceAllowedIPs = false, AllowedIPs = [IPNetwork.Parse("10.9.0.0/16")] }],
        };

        Assert.Equal($"set=1\npublic_key={UapiReplyCases.PublicKeyHex}\nupdate_only=true\nallowed_ip=10.9.0.0/16\n\n", Write(config));
    }

    [Fact]
    public void Write_RemovedPeer_HasOnlyRemove()
    {
        InterfaceConfig config = new()
        {
            Peers = [new PeerConfig { PublicKey = Peer, Remove = true, Endpoint = IPEndPoint.Parse("192.0.2.1:1"), AllowedIPs = [IPNetwork.Parse("10.0.0.0/8")] }],
        };

        Assert.Equal($"set=1\npublic_key={UapiReplyCases.PublicKeyHex}\nremove=true\n\n", Write(config));
    }

    [Fact]
    public void Write_EmptyConfiguration_IsJustTheHeader()
    {
        Assert.Equal("set=1\n\n", Write(new InterfaceConfig()));
    }

    [Fact]
    public void Write_ReplacePeersWithNoPeers_ClearsThem()
    {
        Assert.Equal("set=1\nreplace_peers=true\n\n", Write(new InterfaceConfig { ReplacePeers = true }));
    }

    [Fact]
    public void Write_DisposedKey_Throws()
    {
        PrivateKey key = PrivateKey.Generate();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => Write(new InterfaceConfig { PrivateKey = key }));
    }

    [Fact]
    public void Buffer_Dispose_WipesTheArrayItReturns()
    {
        UapiBuffer buffer = new(64);
        buffer.AppendHex(Convert.FromHexString(UapiReplyCases.SecretHex));
        byte[] array = (byte[])typeof(UapiBuffer).GetField("_array", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(buffer)!;

        buffer.Dispose();

        Assert.All(array, b => Assert.Equal(0, b));
    }

    private static string Write(InterfaceConfig config)
    {
        using UapiBuffer buffer = new(8);
        UapiSetWriter.Write(config, buffer);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }
}
