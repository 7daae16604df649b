using System.Buffers.Binary;
using System.Text;

namespace Dvpn.WireGuard.Linux;

/// <summary>One struct nlattr (length, type) and its payload, as read from a reply.</summary>
internal readonly ref struct NetlinkAttribute
{
    /// <summary>sizeof(struct nlattr).</summary>
    public const int HeaderSize = 4;

    public const ushort NLA_F_NESTED = 0x8000;
    public const ushort NLA_F_NET_BYTEORDER = 0x4000;
    public const ushort NLA_TYPE_MASK = unchecked((ushort)~(NLA_F_NESTED | NLA_F_NET_BYTEORDER));

    private NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload)
    {
        Type = (ushort)(rawType & NLA_TYPE_MASK);
        IsNested = (rawType & NLA_F_NESTED) != 0;
        Payload = payload;
    }

    /// <summary>The type with the NESTED and NET_BYTEORDER bits removed.</summary>
    public ushort Type { get; }

    /// <summary>Whether the sender set NLA_F_NESTED (the kernel does not always, so parsers do not require it).</summary>
    public bool IsNested { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>
    /// Reads one attribute from the start of <paramref name="source"/>; <paramref name="consumed"/> includes the
    /// padding to the next 4-byte boundary (or the rest of the buffer when the last attribute is unpadded). False when
    /// the header is cut or its length is below the header size or beyond <paramref name="source"/>.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out NetlinkAttribute attribute, out int consumed)
    {
        attribute = default;
        consumed = 0;
        if (source.Length < HeaderSize)
        {
            return false;
        }

        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(source);
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(source[2..]);
        if (length < HeaderSize || length > source.Length)
        {
            return false;
        }

        attribute = new NetlinkAttribute(type, source[HeaderSize..length]);
        consumed = Math.Min(NetlinkMessageHeader.Align(length), source.Length);
        return true;
    }

    public bool TryGetU8(out byte value)
    {
        value = Payload.Length == 1 ? Payload[0] : (byte)0;
        return Payload.Length == 1;
    }

    public bool TryGetU16(out ushort value)
    {
        bool ok = Payload.Length == 2;
        value = ok ? BinaryPrimitives.ReadUInt16LittleEndian(Payload) : (ushort)0;
        return ok;
    }

    public bool TryGetU32(out uint value)
    {
        bool ok = Payload.Length == 4;
        value = ok ? BinaryPrimitives.ReadUInt32LittleEndian(Payload) : 0;
        return ok;
    }

    public bool TryGetU64(out ulong value)
    {
        bool ok = Payload.Length == 8;
        value = ok ? BinaryPrimitives.ReadUInt64LittleEndian(Payload) : 0;
        return ok;
    }

    /// <summary>A NUL-terminated (or unterminated) string payload.</summary>
    public string GetString()
    {
        int end = Payload.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? Payload : Payload[..end]);
    }
}

/// <summary>
/// Walks the attributes of one level. <see cref="TryReadNext"/> returns false at the end and on garbage; then
/// <see cref="IsMalformed"/> tells the two apart.
/// </summary>
internal ref struct NetlinkAttributeReader
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        IsMalformed = false;
    }

    public bool IsMalformed { get; private set; }

    public bool TryReadNext(out NetlinkAttribute attribute)
    {
        attribute = default;
        if (_remaining.IsEmpty || IsMalformed)
        {
            return false;
        }

        if (!NetlinkAttribute.TryRead(_remaining, out attribute, out int consumed))
        {
            IsMalformed = true;
            return false;
        }

        _remaining = _remaining[consumed..];
        return true;
    }
}
