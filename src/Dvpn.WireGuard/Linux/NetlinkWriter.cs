using System.Buffers.Binary;
using System.Text;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// Builds one netlink message in a caller-provided buffer: header, fixed family header, then attributes, each
/// padded to 4 bytes. The Try* methods return false (writing nothing) when the buffer is full, which is how the
/// WireGuard encoder fragments; the plain methods throw, because for fixed-size requests a full buffer is a bug.
/// Sequence number and port id are left 0: <see cref="NetlinkSocket"/> fills the sequence when sending.
/// </summary>
internal ref struct NetlinkWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public NetlinkWriter(Span<byte> buffer, ushort type, ushort flags)
    {
        if (buffer.Length < NetlinkMessageHeader.Size)
        {
            throw new ArgumentException("buffer too small for a netlink header", nameof(buffer));
        }

        _buffer = buffer;
        _buffer[..NetlinkMessageHeader.Size].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[6..], flags);
        _position = NetlinkMessageHeader.Size;
    }

    /// <summary>Bytes written so far; assigning a smaller value rolls back (only backwards).</summary>
    public int Position
    {
        readonly get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, _position);
            _position = value;
        }
    }

    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Patches nlmsg_len and returns the complete message.</summary>
    public readonly Span<byte> Finish()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_position);
        return _buffer[.._position];
    }

    /// <summary>Appends a fixed family header (ifinfomsg, rtmsg, genlmsghdr, ...), padded to 4 bytes.</summary>
    public Span<byte> AppendFixed(int size)
    {
        int padded = NetlinkMessageHeader.Align(size);
        if (padded > Remaining)
        {
            ThrowFull();
        }

        Span<byte> area = _buffer.Slice(_position, padded);
        area.Clear();
        _position += padded;
        return area[..size];
    }

    public bool TryPut(ushort type, scoped ReadOnlySpan<byte> payload)
    {
        int length = NetlinkAttribute.HeaderSize + payload.Length;
        int padded = NetlinkMessageHeader.Align(length);
        if (padded > Remaining || length > ushort.MaxValue)
        {
            return false;
        }

        Span<byte> area = _buffer.Slice(_position, padded);
        BinaryPrimitives.WriteUInt16LittleEndian(area, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(area[2..], type);
        payload.CopyTo(area[NetlinkAttribute.HeaderSize..]);
        area[length..].Clear();
        _position += padded;
        return true;
    }

    public bool TryPutU8(ushort type, byte value) => TryPut(type, [value]);

    public bool TryPutU16(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        return TryPut(type, b);
    }

    public bool TryPutU32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return TryPut(type, b);
    }

    /// <summary>A NUL-terminated string (NLA_NUL_STRING / NLA_STRING both accept it).</summary>
    public bool TryPutString(ushort type, string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        Span<byte> b = count < 256 ? stackalloc byte[count + 1] : new byte[count + 1];
        Encoding.UTF8.GetBytes(value, b);
        b[count] = 0;
        return TryPut(type, b);
    }

    /// <summary>Opens a nested attribute (NLA_F_NESTED set); close it with <see cref="EndNested"/>.</summary>
    public bool TryBeginNested(ushort type, out int start)
    {
        start = _position;
        if (Remaining < NetlinkAttribute.HeaderSize)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_position..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[(_position + 2)..], (ushort)(type | NetlinkAttribute.NLA_F_NESTED));
        _position += NetlinkAttribute.HeaderSize;
        return true;
    }

    public readonly void EndNested(int start)
    {
        int length = _position - start;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException("nested netlink attribute longer than 65535 bytes");
        }

        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[start..], (ushort)length);
    }

    public void Put(ushort type, scoped ReadOnlySpan<byte> payload)
    {
        if (!TryPut(type, payload))
        {
            ThrowFull();
        }
    }

    public void PutU8(ushort type, byte value)
    {
        if (!TryPutU8(type, value))
        {
            ThrowFull();
        }
    }

    public void PutU16(ushort type, ushort value)
    {
        if (!TryPutU16(type, value))
        {
            ThrowFull();
        }
    }

    public void PutU32(ushort type, uint value)
    {
        if (!TryPutU32(type, value))
        {
            ThrowFull();
        }
    }

    public void PutString(ushort type, string value)
    {
        if (!TryPutString(type, value))
        {
            ThrowFull();
        }
    }

    public int BeginNested(ushort type)
    {
        if (!TryBeginNested(type, out int start))
        {
            ThrowFull();
        }

        return start;
    }

    private static void ThrowFull() => throw new InvalidOperationException("netlink request buffer too small");
}
