using System.Runtime.InteropServices;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

// Independent mirrors of the api/wireguard.h structures, member for member, as sequential C# structs. The marshaller
// lays sequential structs out with the C rules (natural alignment, default packing), so Marshal.OffsetOf gives the
// offsets MSVC gives, without any number written by hand. ALIGNED(8) has no sequential equivalent; its only effect,
// rounding the size up to a multiple of 8, is applied in the tests. Names follow the header on purpose.
#pragma warning disable CA1707, IDE1006, CA1815, CA1051 // C names, public fields: these are mirrors of C structs.

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WIREGUARD_INTERFACE
{
    public uint Flags;
    public ushort ListenPort;
    public fixed byte PrivateKey[32];
    public fixed byte PublicKey[32];
    public uint PeersCount;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SOCKADDR_IN
{
    public ushort sin_family;
    public ushort sin_port;
    public uint sin_addr; // IN_ADDR: a union whose widest member is a ULONG
    public fixed byte sin_zero[8];
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SOCKADDR_IN6
{
    public ushort sin6_family;
    public ushort sin6_port;
    public uint sin6_flowinfo;
    public fixed byte sin6_addr[16];
    public uint sin6_scope_id;
}

[StructLayout(LayoutKind.Explicit)]
internal struct SOCKADDR_INET
{
    [FieldOffset(0)] public SOCKADDR_IN Ipv4;
    [FieldOffset(0)] public SOCKADDR_IN6 Ipv6;
    [FieldOffset(0)] public ushort si_family;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WIREGUARD_PEER
{
    public uint Flags;
    public uint Reserved;
    public fixed byte PublicKey[32];
    public fixed byte PresharedKey[32];
    public ushort PersistentKeepalive;
    public SOCKADDR_INET Endpoint;
    public ulong TxBytes;
    public ulong RxBytes;
    public ulong LastHandshake;
    public uint AllowedIPsCount;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct WIREGUARD_ALLOWED_IP_ADDRESS
{
    [FieldOffset(0)] public uint V4;        // IN_ADDR
    [FieldOffset(0)] public fixed byte V6[16]; // IN6_ADDR
}

[StructLayout(LayoutKind.Sequential)]
internal struct WIREGUARD_ALLOWED_IP
{
    public WIREGUARD_ALLOWED_IP_ADDRESS Address;
    public ushort AddressFamily;
    public byte Cidr;
    public uint Flags;
}

#pragma warning restore CA1707, IDE1006, CA1815, CA1051
