using System.Buffers.Binary;

namespace Dvpn.WireGuard.Tests.Linux;

/// <summary>
/// A deliberately tiny, independent netlink TLV builder for test vectors (it shares no code with the production
/// writer): attribute = u16 length (header + payload, unpadded), u16 type, payload, zero padding to 4 bytes.
/// </summary>
internal static class Tlv
{
    public const ushort Nested = 0x8000;

    public static byte[] Attr(ushort type, params byte[] payload)
    {
        int length = 4 + payload.Length;
        byte[] a = new byte[(length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(a, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(a.AsSpan(2), type);
        payload.CopyTo(a, 4);
        return a;
    }

    public static byte[] Nest(ushort type, params byte[][] children) => Attr((ushort)(type | Nested), [.. children.SelectMany(c => c)]);

    public static byte[] U16(ushort type, ushort v) => Attr(type, (byte)v, (byte)(v >> 8));

    public static byte[] U32(ushort type, uint v) => Attr(type, BitConverter.GetBytes(v));

    public static byte[] U64(ushort type, ulong v) => Attr(type, BitConverter.GetBytes(v));

    public static byte[] Fill(int count, byte value) => Enumerable.Repeat(value, count).ToArray();

    /// <summary>nlmsghdr (length, type, flags, seq 0, pid 0) + genlmsghdr (cmd, version 1, reserved) + attributes.</summary>
    public static byte[] GenlMessage(ushort type, ushort flags, byte command, params byte[][] attributes)
    {
        byte[] body = [command, 1, 0, 0, .. attributes.SelectMany(a => a)];
        byte[] m = new byte[16 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)m.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(6), flags);
        body.CopyTo(m, 16);
        return m;
    }
}
