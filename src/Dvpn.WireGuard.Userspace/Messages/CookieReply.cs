using System.Buffers.Binary;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Messages;

/// <summary>A cookie reply (whitepaper §5.4.7): type, receiver, nonce (24 bytes), encrypted_cookie.</summary>
internal readonly ref struct CookieReply
{
    /// <summary>Offset of the receiver index.</summary>
    public const int ReceiverOffset = MessageHeader.Size;

    /// <summary>Offset of the XAEAD nonce.</summary>
    public const int NonceOffset = ReceiverOffset + sizeof(uint);

    /// <summary>Offset of the sealed cookie.</summary>
    public const int EncryptedCookieOffset = NonceOffset + XAead.NonceSize;

    /// <summary>Length of the sealed cookie.</summary>
    public const int EncryptedCookieSize = Blake2s.MacSize + Aead.TagSize;

    /// <summary>Wire length: 64 bytes.</summary>
    public const int Size = EncryptedCookieOffset + EncryptedCookieSize;

    private CookieReply(ReadOnlySpan<byte> bytes) => Bytes = bytes;

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The index of the handshake this replies to.</summary>
    public uint Receiver => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[ReceiverOffset..]);

    /// <summary>nonce.</summary>
    public ReadOnlySpan<byte> Nonce => Bytes.Slice(NonceOffset, XAead.NonceSize);

    /// <summary>encrypted_cookie.</summary>
    public ReadOnlySpan<byte> EncryptedCookie => Bytes.Slice(EncryptedCookieOffset, EncryptedCookieSize);

    /// <summary>Reads untrusted input: false unless it is exactly a cookie reply with a clean header. Never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out CookieReply reply)
    {
        if (message.Length != Size || !MessageHeader.Is(message, MessageType.CookieReply))
        {
            reply = default;
            return false;
        }

        reply = new CookieReply(message);
        return true;
    }
}
