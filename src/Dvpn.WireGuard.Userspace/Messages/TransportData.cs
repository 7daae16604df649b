using System.Buffers.Binary;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Messages;

/// <summary>A transport data message (whitepaper §5.4.6): type, receiver, counter, encrypted_encapsulated_packet.</summary>
internal readonly ref struct TransportData
{
    /// <summary>Offset of the receiver index.</summary>
    public const int ReceiverOffset = MessageHeader.Size;

    /// <summary>Offset of the 64-bit little-endian counter.</summary>
    public const int CounterOffset = ReceiverOffset + sizeof(uint);

    /// <summary>Header length: 16 bytes; the sealed packet follows.</summary>
    public const int HeaderSize = CounterOffset + sizeof(ulong);

    /// <summary>Shortest valid message: a header and the tag of an empty (keepalive) packet.</summary>
    public const int MinimumSize = HeaderSize + Aead.TagSize;

    /// <summary>Plaintext packets are zero-padded to a multiple of this (§5.4.6).</summary>
    public const int PaddingMultiple = 16;

    /// <summary>The length of a packet of <paramref name="length"/> bytes once padded to <see cref="PaddingMultiple"/> (§5.4.6).</summary>
    public static int PaddedLength(int length) => (length + PaddingMultiple - 1) / PaddingMultiple * PaddingMultiple;

    private TransportData(ReadOnlySpan<byte> bytes) => Bytes = bytes;

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The receiver's index.</summary>
    public uint Receiver => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[ReceiverOffset..]);

    /// <summary>The nonce counter.</summary>
    public ulong Counter => BinaryPrimitives.ReadUInt64LittleEndian(Bytes[CounterOffset..]);

    /// <summary>encrypted_encapsulated_packet (ciphertext then tag).</summary>
    public ReadOnlySpan<byte> EncryptedPacket => Bytes[HeaderSize..];

    /// <summary>Writes the header.</summary>
    public static void WriteHeader(uint receiver, ulong counter, Span<byte> destination)
    {
        MessageHeader.Write(MessageType.TransportData, destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ReceiverOffset..], receiver);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[CounterOffset..], counter);
    }

    /// <summary>Reads untrusted input: false unless it has a clean header and room for a tag. Never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out TransportData data)
    {
        if (message.Length < MinimumSize || !MessageHeader.Is(message, MessageType.TransportData))
        {
            data = default;
            return false;
        }

        data = new TransportData(message);
        return true;
    }
}
