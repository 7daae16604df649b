using System.Buffers.Binary;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Messages;

/// <summary>
/// A handshake response (whitepaper §5.4.3): type, sender, receiver, unencrypted_ephemeral, encrypted_nothing,
/// mac1, mac2.
/// </summary>
internal readonly ref struct HandshakeResponse
{
    /// <summary>Offset of the responder's index.</summary>
    public const int SenderOffset = MessageHeader.Size;

    /// <summary>Offset of the initiator's index, echoed.</summary>
    public const int ReceiverOffset = SenderOffset + sizeof(uint);

    /// <summary>Offset of the responder's ephemeral public key.</summary>
    public const int EphemeralOffset = ReceiverOffset + sizeof(uint);

    /// <summary>Offset of encrypted_nothing (an empty plaintext's tag).</summary>
    public const int EncryptedNothingOffset = EphemeralOffset + Curve25519.KeySize;

    /// <summary>Length of encrypted_nothing.</summary>
    public const int EncryptedNothingSize = Aead.TagSize;

    /// <summary>Offset of mac1.</summary>
    public const int Mac1Offset = EncryptedNothingOffset + EncryptedNothingSize;

    /// <summary>Offset of mac2.</summary>
    public const int Mac2Offset = Mac1Offset + Blake2s.MacSize;

    /// <summary>Wire length: 92 bytes.</summary>
    public const int Size = Mac2Offset + Blake2s.MacSize;

    private HandshakeResponse(ReadOnlySpan<byte> bytes) => Bytes = bytes;

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The responder's index.</summary>
    public uint Sender => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[SenderOffset..]);

    /// <summary>The initiator's index.</summary>
    public uint Receiver => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[ReceiverOffset..]);

    /// <summary>unencrypted_ephemeral.</summary>
    public ReadOnlySpan<byte> Ephemeral => Bytes.Slice(EphemeralOffset, Curve25519.KeySize);

    /// <summary>encrypted_nothing.</summary>
    public ReadOnlySpan<byte> EncryptedNothing => Bytes.Slice(EncryptedNothingOffset, EncryptedNothingSize);

    /// <summary>mac1.</summary>
    public ReadOnlySpan<byte> Mac1 => Bytes.Slice(Mac1Offset, Blake2s.MacSize);

    /// <summary>mac2.</summary>
    public ReadOnlySpan<byte> Mac2 => Bytes.Slice(Mac2Offset, Blake2s.MacSize);

    /// <summary>Reads untrusted input: false unless it is exactly a response with a clean header. Never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out HandshakeResponse response)
    {
        if (message.Length != Size || !MessageHeader.Is(message, MessageType.HandshakeResponse))
        {
            response = default;
            return false;
        }

        response = new HandshakeResponse(message);
        return true;
    }
}
