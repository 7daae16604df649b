using System.Buffers.Binary;
using System.Text;
using Dvpn.Chain.Tickets;

namespace Dvpn.Protocol.Sessions;

/// <summary>
/// Builds the fixed binary layouts that session messages are signed over: a 32-byte domain tag (keccak256 of the
/// message's name) followed by fields in a fixed order and size, so that no two messages, and no protobuf encoding
/// choice, can ever produce the same signed bytes.
/// </summary>
internal ref struct DigestWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public DigestWriter(Span<byte> buffer, ReadOnlySpan<byte> domainTag)
    {
        _buffer = buffer;
        _length = 0;
        WriteBytes(domainTag);
    }

    public static byte[] Tag(string name) => Keccak256.Hash(Encoding.ASCII.GetBytes(name));

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_length..], value);
        _length += sizeof(uint);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer[_length..], value);
        _length += sizeof(ulong);
    }

    public void WriteAddress(EthAddress address)
    {
        address.WriteTo(_buffer[_length..]);
        _length += EthAddress.Size;
    }

    public void WriteBoolean(bool value)
    {
        _buffer[_length] = value ? (byte)1 : (byte)0;
        _length++;
    }

    public readonly byte[] Finish() => Keccak256.Hash(_buffer[.._length]);
}
