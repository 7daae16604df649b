using System.Buffers.Binary;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.</summary>
internal static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running sum (not folded); an odd last byte is padded with zero.</summary>
    public static ulong Add(ReadOnlySpan<byte> data, ulong sum)
    {
        while (data.Length >= 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(data);
            sum += (word >> 32) + (word & 0xFFFFFFFF);
            data = data[8..];
        }

        if (data.Length >= 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data);
            data = data[4..];
        }

        if (data.Length >= 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }

        if (data.Length == 1)
        {
            sum += (ulong)data[0] << 8;
        }

        return sum;
    }

    /// <summary>Folds a running sum to 16 bits (without complementing it).</summary>
    public static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum >> 16) + (sum & 0xFFFF);
        }

        return (ushort)sum;
    }

    /// <summary>The checksum field value for data whose sum is <paramref name="sum"/>.</summary>
    public static ushort Finish(ulong sum) => (ushort)~Fold(sum);

    /// <summary>The TCP/UDP pseudo-header sum for IPv4 (source, destination, protocol, length).</summary>
    public static ulong PseudoHeaderV4(ReadOnlySpan<byte> ipHeader, byte protocol, int transportLength) =>
        Add(ipHeader.Slice(12, 8), 0) + protocol + (ulong)transportLength;

    /// <summary>The TCP/UDP pseudo-header sum for IPv6 (source, destination, length, next header).</summary>
    public static ulong PseudoHeaderV6(ReadOnlySpan<byte> ipHeader, byte protocol, int transportLength) =>
        Add(ipHeader.Slice(8, 32), 0) + protocol + (ulong)transportLength;
}
