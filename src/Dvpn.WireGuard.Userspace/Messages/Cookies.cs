using System.Buffers.Binary;
using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Messages;

/// <summary>
/// Cookies under load (whitepaper §5.4.4, §5.4.7): the reply carries τ = Mac(Rm, Am) sealed with
/// XAEAD(Hash(LABEL_COOKIE || Spub_m), nonce, τ, M), M being the mac1 of the message it answers; the initiator then
/// sets mac2 = Mac(τ, msg_β) on its next messages. The rotating secret Rm and the load decision are the engine's.
/// </summary>
internal static class Cookies
{
    /// <summary>Length of a cookie τ.</summary>
    public const int CookieSize = Blake2s.MacSize;

    /// <summary>τ = Mac(secret, source address bytes).</summary>
    public static void ComputeCookie(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> sourceAddress, Span<byte> cookie) =>
        Blake2s.Mac(secret, sourceAddress, cookie[..CookieSize]);

    /// <summary>Writes a cookie reply for a message whose sender index is <paramref name="receiver"/> and whose mac1 is <paramref name="answeredMac1"/>.</summary>
    public static void WriteReply(ReadOnlySpan<byte> ourStatic, uint receiver, ReadOnlySpan<byte> answeredMac1, ReadOnlySpan<byte> cookie, Span<byte> destination)
    {
        Span<byte> key = stackalloc byte[Blake2s.HashSize];
        try
        {
            MacKeys.CookieKey(ourStatic, key);
            MessageHeader.Write(MessageType.CookieReply, destination);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[CookieReply.ReceiverOffset..], receiver);
            Span<byte> nonce = destination.Slice(CookieReply.NonceOffset, XAead.NonceSize);
            RandomNumberGenerator.Fill(nonce);
            XAead.Seal(key, nonce, cookie[..CookieSize], answeredMac1, destination.Slice(CookieReply.EncryptedCookieOffset, CookieReply.EncryptedCookieSize));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Opens a cookie reply from the network sent by the peer with static key <paramref name="peerStatic"/>, for our message whose mac1 was <paramref name="sentMac1"/>; <paramref name="cookie"/> is written only on success.</summary>
    public static bool TryOpenReply(ReadOnlySpan<byte> peerStatic, ReadOnlySpan<byte> sentMac1, ReadOnlySpan<byte> message, Span<byte> cookie)
    {
        if (!CookieReply.TryRead(message, out CookieReply reply))
        {
            return false;
        }

        // Opened into a temporary: a failed open zeroes its output, and the cookie we hold must survive a forged reply.
        Span<byte> key = stackalloc byte[Blake2s.HashSize];
        Span<byte> opened = stackalloc byte[CookieSize];
        try
        {
            MacKeys.CookieKey(peerStatic, key);
            if (!XAead.TryOpen(key, reply.Nonce, reply.EncryptedCookie, sentMac1, opened))
            {
                return false;
            }

            opened.CopyTo(cookie);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(opened);
        }
    }

    /// <summary>Writes mac2 = Mac(cookie, message up to mac2) in place.</summary>
    public static void WriteMac2(ReadOnlySpan<byte> cookie, Span<byte> message, int mac2Offset) =>
        Blake2s.Mac(cookie, message[..mac2Offset], message.Slice(mac2Offset, Blake2s.MacSize));

    /// <summary>Whether mac2 is right for <paramref name="cookie"/>, compared in constant time.</summary>
    public static bool VerifyMac2(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> message, int mac2Offset)
    {
        if (message.Length < mac2Offset + Blake2s.MacSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Blake2s.MacSize];
        Blake2s.Mac(cookie, message[..mac2Offset], expected);
        return CryptographicOperations.FixedTimeEquals(expected, message.Slice(mac2Offset, Blake2s.MacSize));
    }
}
