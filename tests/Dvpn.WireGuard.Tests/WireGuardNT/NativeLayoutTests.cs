using System.Runtime.InteropServices;
using Dvpn.WireGuard.WireGuardNT;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

/// <summary>
/// Every size and offset of <see cref="NativeLayout"/> checked twice: against the number in the header facts
/// (written out here) and against the C layout of an independent mirror struct.
/// </summary>
public sealed class NativeLayoutTests
{
    private const int DeclspecAlign = 8; // ALIGNED(8) on every WIREGUARD_ structure

    public static TheoryData<string, string, int, int> Offsets() => new()
    {
        // struct, member, offset from the header facts, our constant
        { nameof(WIREGUARD_INTERFACE), nameof(WIREGUARD_INTERFACE.Flags), 0, NativeLayout.Interface.Flags },
        { nameof(WIREGUARD_INTERFACE), nameof(WIREGUARD_INTERFACE.ListenPort), 4, NativeLayout.Interface.ListenPort },
        { nameof(WIREGUARD_INTERFACE), nameof(WIREGUARD_INTERFACE.PrivateKey), 6, NativeLayout.Interface.PrivateKey },
        { nameof(WIREGUARD_INTERFACE), nameof(WIREGUARD_INTERFACE.PublicKey), 38, NativeLayout.Interface.PublicKey },
        { nameof(WIREGUARD_INTERFACE), nameof(WIREGUARD_INTERFACE.PeersCount), 72, NativeLayout.Interface.PeersCount },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.Flags), 0, NativeLayout.Peer.Flags },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.Reserved), 4, NativeLayout.Peer.Reserved },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.PublicKey), 8, NativeLayout.Peer.PublicKey },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.PresharedKey), 40, NativeLayout.Peer.PresharedKey },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.PersistentKeepalive), 72, NativeLayout.Peer.PersistentKeepalive },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.Endpoint), 76, NativeLayout.Peer.Endpoint },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.TxBytes), 104, NativeLayout.Peer.TxBytes },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.RxBytes), 112, NativeLayout.Peer.RxBytes },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.LastHandshake), 120, NativeLayout.Peer.LastHandshake },
        { nameof(WIREGUARD_PEER), nameof(WIREGUARD_PEER.AllowedIPsCount), 128, NativeLayout.Peer.AllowedIPsCount },
        { nameof(WIREGUARD_ALLOWED_IP), nameof(WIREGUARD_ALLOWED_IP.Address), 0, NativeLayout.AllowedIP.Address },
        { nameof(WIREGUARD_ALLOWED_IP), nameof(WIREGUARD_ALLOWED_IP.AddressFamily), 16, NativeLayout.AllowedIP.AddressFamily },
        { nameof(WIREGUARD_ALLOWED_IP), nameof(WIREGUARD_ALLOWED_IP.Cidr), 18, NativeLayout.AllowedIP.Cidr },
        { nameof(WIREGUARD_ALLOWED_IP), nameof(WIREGUARD_ALLOWED_IP.Flags), 20, NativeLayout.AllowedIP.Flags },
        { nameof(SOCKADDR_IN), nameof(SOCKADDR_IN.sin_family), 0, NativeLayout.SockAddrInet.Family },
        { nameof(SOCKADDR_IN), nameof(SOCKADDR_IN.sin_port), 2, NativeLayout.SockAddrInet.Port },
        { nameof(SOCKADDR_IN), nameof(SOCKADDR_IN.sin_addr), 4, NativeLayout.SockAddrInet.V4Address },
        { nameof(SOCKADDR_IN6), nameof(SOCKADDR_IN6.sin6_family), 0, NativeLayout.SockAddrInet.Family },
        { nameof(SOCKADDR_IN6), nameof(SOCKADDR_IN6.sin6_port), 2, NativeLayout.SockAddrInet.Port },
        { nameof(SOCKADDR_IN6), nameof(SOCKADDR_IN6.sin6_flowinfo), 4, NativeLayout.SockAddrInet.V6FlowInfo },
        { nameof(SOCKADDR_IN6), nameof(SOCKADDR_IN6.sin6_addr), 8, NativeLayout.SockAddrInet.V6Address },
        { nameof(SOCKADDR_IN6), nameof(SOCKADDR_IN6.sin6_scope_id), 24, NativeLayout.SockAddrInet.V6ScopeId },
    };

    public static TheoryData<string, int, int> Sizes() => new()
    {
        { nameof(WIREGUARD_INTERFACE), 80, NativeLayout.Interface.Size },
        { nameof(WIREGUARD_PEER), 136, NativeLayout.Peer.Size },
        { nameof(WIREGUARD_ALLOWED_IP), 24, NativeLayout.AllowedIP.Size },
        { nameof(SOCKADDR_INET), 28, NativeLayout.SockAddrInet.Size },
    };

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Offset_MatchesHeaderAndCLayout(string structure, string member, int headerOffset, int ours)
    {
        Assert.Equal(headerOffset, ours);
        Assert.Equal(headerOffset, (int)Marshal.OffsetOf(Mirror(structure), member));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Size_MatchesHeaderAndCLayout(string structure, int headerSize, int ours)
    {
        Assert.Equal(headerSize, ours);
        int cSize = Marshal.SizeOf(Mirror(structure));
        int aligned = structure == nameof(SOCKADDR_INET) ? cSize : (cSize + DeclspecAlign - 1) / DeclspecAlign * DeclspecAlign;
        Assert.Equal(headerSize, aligned);
    }

    [Fact]
    public void AllowedIP_CidrIsAt18AndFlagsAt20_NotTheOldBindingsOffset20()
    {
        Assert.Equal(18, NativeLayout.AllowedIP.Cidr);
        Assert.Equal(20, NativeLayout.AllowedIP.Flags);
        Assert.NotEqual(NativeLayout.AllowedIP.Cidr, NativeLayout.AllowedIP.Flags);
    }

    [Theory]
    [InlineData(2, NativeLayout.AddressFamilyInet)]
    [InlineData(23, NativeLayout.AddressFamilyInet6)] // Windows' AF_INET6, not Linux's 10
    public void AddressFamilies_AreWindowsValues(int windows, ushort ours) => Assert.Equal(windows, ours);

    [Theory]
    [InlineData("WIREGUARD_INTERFACE_HAS_PUBLIC_KEY", 0x1u, (uint)InterfaceFlags.HasPublicKey)]
    [InlineData("WIREGUARD_INTERFACE_HAS_PRIVATE_KEY", 0x2u, (uint)InterfaceFlags.HasPrivateKey)]
    [InlineData("WIREGUARD_INTERFACE_HAS_LISTEN_PORT", 0x4u, (uint)InterfaceFlags.HasListenPort)]
    [InlineData("WIREGUARD_INTERFACE_REPLACE_PEERS", 0x8u, (uint)InterfaceFlags.ReplacePeers)]
    [InlineData("WIREGUARD_PEER_HAS_PUBLIC_KEY", 0x1u, (uint)PeerFlags.HasPublicKey)]
    [InlineData("WIREGUARD_PEER_HAS_PRESHARED_KEY", 0x2u, (uint)PeerFlags.HasPresharedKey)]
    [InlineData("WIREGUARD_PEER_HAS_PERSISTENT_KEEPALIVE", 0x4u, (uint)PeerFlags.HasPersistentKeepalive)]
    [InlineData("WIREGUARD_PEER_HAS_ENDPOINT", 0x8u, (uint)PeerFlags.HasEndpoint)]
    [InlineData("WIREGUARD_PEER_REPLACE_ALLOWED_IPS", 0x20u, (uint)PeerFlags.ReplaceAllowedIPs)]
    [InlineData("WIREGUARD_PEER_REMOVE", 0x40u, (uint)PeerFlags.Remove)]
    [InlineData("WIREGUARD_PEER_UPDATE_ONLY", 0x80u, (uint)PeerFlags.UpdateOnly)]
    [InlineData("WIREGUARD_ALLOWED_IP_REMOVE", 0x1u, (uint)AllowedIPFlags.Remove)]
    public void Flag_HasHeaderValue(string flag, uint header, uint ours)
    {
        Assert.NotNull(flag);
        Assert.Equal(header, ours);
    }

    private static Type Mirror(string structure) => structure switch
    {
        nameof(WIREGUARD_INTERFACE) => typeof(WIREGUARD_INTERFACE),
        nameof(WIREGUARD_PEER) => typeof(WIREGUARD_PEER),
        nameof(WIREGUARD_ALLOWED_IP) => typeof(WIREGUARD_ALLOWED_IP),
        nameof(SOCKADDR_IN) => typeof(SOCKADDR_IN),
        nameof(SOCKADDR_IN6) => typeof(SOCKADDR_IN6),
        nameof(SOCKADDR_INET) => typeof(SOCKADDR_INET),
        _ => throw new ArgumentOutOfRangeException(nameof(structure)),
    };
}
