using System.Buffers.Binary;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>
/// struct virtio_net_hdr (linux/virtio_net.h), the 10 bytes in front of every packet on a TUN device opened with
/// IFF_VNET_HDR: whether the packet is a large segment to cut (gso_type, gso_size) and whether its transport checksum
/// is left to finish (flags, csum_start, csum_offset). Little-endian on the machines we run on.
/// </summary>
internal readonly record struct VirtioNetHeader(byte Flags, byte GsoType, ushort HeaderLength, ushort GsoSize, ushort ChecksumStart, ushort ChecksumOffset)
{
    /// <summary>The header's size without TUNSETVNETHDRSZ.</summary>
    public const int Size = 10;

    /// <summary>VIRTIO_NET_HDR_F_NEEDS_CSUM.</summary>
    public const byte NeedsChecksum = 1;

    /// <summary>VIRTIO_NET_HDR_GSO_NONE.</summary>
    public const byte GsoNone = 0;

    /// <summary>VIRTIO_NET_HDR_GSO_TCPV4.</summary>
    public const byte GsoTcpV4 = 1;

    /// <summary>VIRTIO_NET_HDR_GSO_TCPV6.</summary>
    public const byte GsoTcpV6 = 4;

    /// <summary>VIRTIO_NET_HDR_GSO_ECN, or-ed into the type.</summary>
    public const byte GsoEcn = 0x80;

    /// <summary>Reads the header at the start of <paramref name="bytes"/> (at least <see cref="Size"/> bytes).</summary>
    public static VirtioNetHeader Read(ReadOnlySpan<byte> bytes) => new(
        bytes[0],
        bytes[1],
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]));
}
