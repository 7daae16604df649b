namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// Byte offsets and sizes of the structures in <c>api/wireguard.h</c>, as MSVC lays them out: natural alignment of
/// each member, and the whole structure rounded up to 8 by <c>ALIGNED(8)</c>. All values are little-endian (every
/// Windows target is) except the port inside a SOCKADDR, which is in network order. Because every structure size is
/// a multiple of 8, each peer and allowed IP that follows the interface stays 8-byte aligned.
/// </summary>
internal static class NativeLayout
{
    /// <summary>WIREGUARD_KEY_LENGTH.</summary>
    public const int KeyLength = 32;

    /// <summary>AF_INET on Windows.</summary>
    public const ushort AddressFamilyInet = 2;

    /// <summary>AF_INET6 on Windows (23; Linux uses 10, which WireGuardNT rejects).</summary>
    public const ushort AddressFamilyInet6 = 23;

    /// <summary>Bytes in an IN_ADDR.</summary>
    public const int InAddrLength = 4;

    /// <summary>Bytes in an IN6_ADDR.</summary>
    public const int In6AddrLength = 16;

    /// <summary><c>struct ALIGNED(8) _WIREGUARD_INTERFACE</c>.</summary>
    public static class Interface
    {
        /// <summary>76 bytes of members, rounded up to 8.</summary>
        public const int Size = 80;

        /// <summary>WIREGUARD_INTERFACE_FLAG Flags (32 bits).</summary>
        public const int Flags = 0;

        /// <summary>WORD ListenPort (host order).</summary>
        public const int ListenPort = 4;

        /// <summary>BYTE PrivateKey[32]; byte arrays need no alignment, so it follows the WORD directly.</summary>
        public const int PrivateKey = 6;

        /// <summary>BYTE PublicKey[32].</summary>
        public const int PublicKey = 38;

        /// <summary>DWORD PeersCount, aligned from 70 to 72.</summary>
        public const int PeersCount = 72;
    }

    /// <summary><c>struct ALIGNED(8) _WIREGUARD_PEER</c>.</summary>
    public static class Peer
    {
        /// <summary>132 bytes of members, rounded up to 8.</summary>
        public const int Size = 136;

        /// <summary>WIREGUARD_PEER_FLAG Flags (32 bits).</summary>
        public const int Flags = 0;

        /// <summary>DWORD Reserved; must be zero.</summary>
        public const int Reserved = 4;

        /// <summary>BYTE PublicKey[32].</summary>
        public const int PublicKey = 8;

        /// <summary>BYTE PresharedKey[32].</summary>
        public const int PresharedKey = 40;

        /// <summary>WORD PersistentKeepalive (seconds, host order).</summary>
        public const int PersistentKeepalive = 72;

        /// <summary>SOCKADDR_INET Endpoint (4-byte aligned, because SOCKADDR_IN6 holds DWORDs): from 74 to 76.</summary>
        public const int Endpoint = 76;

        /// <summary>DWORD64 TxBytes.</summary>
        public const int TxBytes = 104;

        /// <summary>DWORD64 RxBytes.</summary>
        public const int RxBytes = 112;

        /// <summary>DWORD64 LastHandshake: 100 ns intervals since 1601-01-01 UTC (a FILETIME), 0 for never.</summary>
        public const int LastHandshake = 120;

        /// <summary>DWORD AllowedIPsCount.</summary>
        public const int AllowedIPsCount = 128;
    }

    /// <summary><c>struct ALIGNED(8) _WIREGUARD_ALLOWED_IP</c> (current header, with the Flags member).</summary>
    public static class AllowedIP
    {
        /// <summary>24 bytes (already a multiple of 8).</summary>
        public const int Size = 24;

        /// <summary>union { IN_ADDR V4; IN6_ADDR V6; } Address (16 bytes).</summary>
        public const int Address = 0;

        /// <summary>ADDRESS_FAMILY AddressFamily (a USHORT).</summary>
        public const int AddressFamily = 16;

        /// <summary>BYTE Cidr. (A public C# binding puts it at 20, which is now Flags.)</summary>
        public const int Cidr = 18;

        /// <summary>WIREGUARD_ALLOWED_IP_FLAG Flags (32 bits), aligned from 19 to 20.</summary>
        public const int Flags = 20;
    }

    /// <summary>
    /// SOCKADDR_INET: the union of SOCKADDR_IN and SOCKADDR_IN6 (and the family alone), so the size of the larger.
    /// </summary>
    public static class SockAddrInet
    {
        /// <summary>sizeof(SOCKADDR_IN6).</summary>
        public const int Size = 28;

        /// <summary>ADDRESS_FAMILY si_family, shared by both members.</summary>
        public const int Family = 0;

        /// <summary>USHORT sin_port / sin6_port, in network order (big-endian).</summary>
        public const int Port = 2;

        /// <summary>IN_ADDR sin_addr.</summary>
        public const int V4Address = 4;

        /// <summary>ULONG sin6_flowinfo.</summary>
        public const int V6FlowInfo = 4;

        /// <summary>IN6_ADDR sin6_addr.</summary>
        public const int V6Address = 8;

        /// <summary>ULONG sin6_scope_id (a SCOPE_ID union).</summary>
        public const int V6ScopeId = 24;
    }
}
