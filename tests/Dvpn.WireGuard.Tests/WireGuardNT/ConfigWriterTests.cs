using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.WireGuardNT;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

public sealed class ConfigWriterTests
{
    [Fact]
    public void Write_TwoPeers_MatchesHandBuiltGolden()
    {
        InterfaceConfig config = Golden.Configuration(out IDisposable keys);
        using (keys)
        {
            byte[] actual = new byte[WireGuardNTConfigWriter.GetSize(config)];
            int written = WireGuardNTConfigWriter.Write(config, actual);

            Assert.Equal(Golden.SetSize, written);
            Assert.Equal(Convert.ToHexString(Golden.SetBytes()), Convert.ToHexString(actual));
        }
    }

    [Fact]
    public void Write_AllowedIP_CidrLandsAt18AndFlagsAt20StaysZero()
    {
        var config = new InterfaceConfig
        {
            Peers = [new PeerConfig { PublicKey = new PublicKey(Golden.PeerAKeyBytes), AllowedIPs = [IPNetwork.Parse("10.0.0.0/24")] }],
        };
        byte[] bytes = new byte[WireGuardNTConfigWriter.GetSize(config)];
        WireGuardNTConfigWriter.Write(config, bytes);
        ReadOnlySpan<byte> allowedIP = bytes.AsSpan(80 + 136, 24);

        Assert.Equal(24, allowedIP[18]);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(allowedIP[20..]));
        Assert.Equal(0, allowedIP[19]); // padding between Cidr and Flags

        // The same bytes seen through the independent C-layout mirror.
        WIREGUARD_ALLOWED_IP mirror = MemoryMarshal.Read<WIREGUARD_ALLOWED_IP>(allowedIP);
        Assert.Equal(24, mirror.Cidr);
        Assert.Equal(0u, mirror.Flags);
        Assert.Equal(2, mirror.AddressFamily);
    }

    [Fact]
    public void Write_EmptyConfiguration_IsOneInterfaceWithNoFlags()
    {
        byte[] bytes = new byte[WireGuardNTConfigWriter.GetSize(new InterfaceConfig())];
        WireGuardNTConfigWriter.Write(new InterfaceConfig(), bytes);

        Assert.Equal(new byte[80], bytes);
    }

    [Fact]
    public void Write_NullPeerFields_AreLeftOutByFlags()
    {
        byte[] bytes = WritePeer(new PeerConfig { PublicKey = new PublicKey(Golden.PeerAKeyBytes) });

        // HAS_PUBLIC_KEY, and REPLACE_ALLOWED_IPS because PeerConfig.ReplaceAllowedIPs defaults to true.
        Assert.Equal(0x21u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80)));
        Assert.True(bytes.AsSpan(80 + 40, 32).IndexOfAnyExcept((byte)0) < 0); // no preshared key
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(80 + 72))); // no keepalive
        Assert.True(bytes.AsSpan(80 + 76, 28).IndexOfAnyExcept((byte)0) < 0); // no endpoint
    }

    [Fact]
    public void Write_RemovePeer_SendsOnlyKeyAndRemoveFlag()
    {
        using var preshared = PresharedKey.FromBytes(Golden.PresharedBytes);
        byte[] bytes = WritePeer(new PeerConfig
        {
            PublicKey = new PublicKey(Golden.PeerAKeyBytes),
            Remove = true,
            PresharedKey = preshared,
            AllowedIPs = [IPNetwork.Parse("10.0.0.0/8")],
        });

        Assert.Equal(80 + 136, bytes.Length); // no allowed IPs follow
        Assert.Equal(0x41u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80))); // HAS_PUBLIC_KEY | REMOVE
        Assert.Equal(Golden.PeerAKeyBytes, bytes.AsSpan(88, 32).ToArray());
        Assert.True(bytes.AsSpan(80 + 40, 32).IndexOfAnyExcept((byte)0) < 0); // the preshared key is not sent
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80 + 128)));
    }

    [Fact]
    public void Write_UpdateOnly_SetsFlag0x80()
    {
        byte[] bytes = WritePeer(new PeerConfig { PublicKey = new PublicKey(Golden.PeerAKeyBytes), UpdateOnly = true, ReplaceAllowedIPs = false });

        Assert.Equal(0x81u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80)));
    }

    [Fact]
    public void Write_Ipv6EndpointScope_IsWrittenAtOffset24()
    {
        var address = IPAddress.Parse("fe80::1");
        address.ScopeId = 7;
        byte[] bytes = WritePeer(new PeerConfig { PublicKey = new PublicKey(Golden.PeerAKeyBytes), Endpoint = new IPEndPoint(address, 1) });

        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80 + 76 + 24)));
        Assert.Equal(23, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(80 + 76)));
    }

    [Fact]
    public void Write_NonZeroFirewallMark_IsNotSupported()
    {
        var config = new InterfaceConfig { FirewallMark = 51820 };

        Assert.Throws<NotSupportedException>(() => WireGuardNTConfigWriter.Write(config, new byte[80]));
    }

    [Fact]
    public void Write_ZeroFirewallMark_IsAccepted()
    {
        Assert.Equal(80, WireGuardNTConfigWriter.Write(new InterfaceConfig { FirewallMark = 0 }, new byte[80]));
    }

    [Fact]
    public void Write_BufferTooSmall_Throws()
    {
        InterfaceConfig config = Golden.Configuration(out IDisposable keys);
        using (keys)
        {
            Assert.Throws<ArgumentException>(() => WireGuardNTConfigWriter.Write(config, new byte[Golden.SetSize - 1]));
        }
    }

    [Fact]
    public void Write_DirtyBuffer_PaddingAndReservedComeOutZero()
    {
        InterfaceConfig config = Golden.Configuration(out IDisposable keys);
        using (keys)
        {
            byte[] dirty = new byte[Golden.SetSize];
            Array.Fill(dirty, (byte)0xEE);
            WireGuardNTConfigWriter.Write(config, dirty);

            Assert.Equal(Golden.SetBytes(), dirty);
        }
    }

    private static byte[] WritePeer(PeerConfig peer)
    {
        var config = new InterfaceConfig { Peers = [peer] };
        byte[] bytes = new byte[WireGuardNTConfigWriter.GetSize(config)];
        WireGuardNTConfigWriter.Write(config, bytes);
        return bytes;
    }
}
