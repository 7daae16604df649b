using System.Buffers.Binary;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>A 32-byte public key as a dictionary key, compared by value without allocation.</summary>
internal readonly record struct PublicKeyId(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Reads 32 bytes.</summary>
    public static PublicKeyId From(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("A public key is 32 bytes.", nameof(key));
        }

        return new PublicKeyId(
            BinaryPrimitives.ReadUInt64LittleEndian(key),
            BinaryPrimitives.ReadUInt64LittleEndian(key[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(key[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(key[24..]));
    }

    /// <summary>The first 8 characters of the base64 form (enough to tell peers apart in a log; a public key is not secret).</summary>
    public string ToShortString()
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, A);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], D);
        return Convert.ToBase64String(bytes)[..8];
    }
}
