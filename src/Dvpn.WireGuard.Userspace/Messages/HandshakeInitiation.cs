using System.Buffers.Binary;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Messages;

/// <summary>
/// A handshake initiation (whitepaper §5.4.2): type, sender, unencrypted_ephemeral, encrypted_static,
/// encrypted_timestamp, mac1, mac2. A view over the bytes; <see cref="TryRead"/> checks the shape only.
/// </summary>
internal readonly ref struct HandshakeInitiation
{
    /// <summary>Offset of the sender index.</summary>
    public const int SenderOffset = MessageHeader.Size;

    /// <summary>Offset of the initiator's ephemeral public key.</summary>
    public const int EphemeralOffset = SenderOffset + sizeof(uint);

    /// <summary>Offset of the sealed initiator static key.</summary>
    public const int EncryptedStaticOffset = EphemeralOffset + Curve25519.KeySize;

    /// <summary>Length of the sealed static key.</summary>
    public const int EncryptedStaticSize = Curve25519.KeySize + Aead.TagSize;

    /// <summary>Offset of the sealed TAI64N timestamp.</summary>
    public const int EncryptedTimestampOffset = EncryptedStaticOffset + EncryptedStaticSize;

    /// <summary>Length of the sealed timestamp.</summary>
    public const int EncryptedTimestampSize = Tai64N.Size + Aead.TagSize;

    /// <summary>Offset of mac1.</summary>
    public const int Mac1Offset = EncryptedTimestampOffset + EncryptedTimestampSize;

    /// <summary>Offset of mac2.</summary>
    public const int Mac2Offset = Mac1Offset + Blake2s.MacSize;

    /// <summary>Wire length: 148 bytes.</summary>
    public const int Size = Mac2Offset + Blake2s.MacSize;

    private HandshakeInitiation(ReadOnlySpan<byte> bytes) => Bytes = bytes;

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The initiator's index.</summary>
    public uint Sender => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[SenderOffset..]);

    /// <summary>unencrypted_ephemeral.</summary>
    public ReadOnlySpan<byte> Ephemeral => Bytes.Slice(EphemeralOffset, Curve25519.KeySize);

    /// <summary>encrypted_static.</summary>
    public ReadOnlySpan<byte> EncryptedStatic => Bytes.Slice(EncryptedStaticOffset, EncryptedStaticSize);

    /// <summary>encrypted_timestamp.</summary>
    public ReadOnlySpan<byte> EncryptedTimestamp => Bytes.Slice(EncryptedTimestampOffset, EncryptedTimestampSize);

    /// <summary>mac1.</summary>
    public ReadOnlySpan<byte> Mac1 => Bytes.Slice(Mac1Offset, Blake2s.MacSize);

    /// <summary>mac2.</summary>
    public ReadOnlySpan<byte> Mac2 => Bytes.Slice(Mac2Offset, Blake2s.MacSize);

    /// <summary>Reads untrusted input: false unless it is exactly an initiation with a clean header. Never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out HandshakeInitiation initiation)
    {
        if (message.Length != Size || !MessageHeader.Is(message, MessageType.HandshakeInitiation))
        {
            initiation = default;
            return false;
        }

        initiation = new HandshakeInitiation(message);
        return true;
    }
}
