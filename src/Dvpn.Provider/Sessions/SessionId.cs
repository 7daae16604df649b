using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Dvpn.Protocol;
using Google.Protobuf;

namespace Dvpn.Provider.Sessions;

/// <summary>A session's 16 random bytes, as a value usable as a dictionary key.</summary>
internal readonly record struct SessionId(UInt128 Value)
{
    /// <summary>A fresh id from <see cref="RandomNumberGenerator"/>.</summary>
    public static SessionId New()
    {
        Span<byte> bytes = stackalloc byte[ProtocolConstants.SessionIdSize];
        RandomNumberGenerator.Fill(bytes);
        return new SessionId(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>Reads an id from the wire; false unless exactly 16 bytes.</summary>
    public static bool TryRead(ByteString bytes, out SessionId id)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length != ProtocolConstants.SessionIdSize)
        {
            id = default;
            return false;
        }

        id = new SessionId(BinaryPrimitives.ReadUInt128BigEndian(bytes.Span));
        return true;
    }

    /// <summary>The 16 bytes.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[ProtocolConstants.SessionIdSize];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return bytes;
    }

    /// <summary>The wire form.</summary>
    public ByteString ToByteString() => ByteString.CopyFrom(ToArray());

    /// <summary>32 hex digits.</summary>
    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);
}
