using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Messages;

/// <summary>
/// mac1 (whitepaper §5.4.4): Mac(Hash(LABEL_MAC1 || Spub_m'), msg_α), where Spub_m' is the receiver's static public
/// key and msg_α the message up to mac1. Also the cookie key Hash(LABEL_COOKIE || Spub_m) for cookie replies.
/// </summary>
internal static class MacKeys
{
    /// <summary>LABEL_MAC1.</summary>
    public static ReadOnlySpan<byte> LabelMac1 => "mac1----"u8;

    /// <summary>LABEL_COOKIE.</summary>
    public static ReadOnlySpan<byte> LabelCookie => "cookie--"u8;

    /// <summary>Hash(LABEL_MAC1 || receiverStatic), the key for mac1 of messages sent to that receiver.</summary>
    public static void Mac1Key(ReadOnlySpan<byte> receiverStatic, Span<byte> key) => Blake2s.Hash(LabelMac1, receiverStatic, key);

    /// <summary>Hash(LABEL_COOKIE || staticKey), the XAEAD key of cookie replies.</summary>
    public static void CookieKey(ReadOnlySpan<byte> staticKey, Span<byte> key) => Blake2s.Hash(LabelCookie, staticKey, key);

    /// <summary>Writes mac1 of <paramref name="message"/> (whose mac1 starts at <paramref name="mac1Offset"/>) in place.</summary>
    public static void WriteMac1(ReadOnlySpan<byte> mac1Key, Span<byte> message, int mac1Offset) =>
        Blake2s.Mac(mac1Key, message[..mac1Offset], message.Slice(mac1Offset, Blake2s.MacSize));

    /// <summary>Whether mac1 of <paramref name="message"/> is right, compared in constant time.</summary>
    public static bool VerifyMac1(ReadOnlySpan<byte> mac1Key, ReadOnlySpan<byte> message, int mac1Offset)
    {
        if (message.Length < mac1Offset + Blake2s.MacSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Blake2s.MacSize];
        Blake2s.Mac(mac1Key, message[..mac1Offset], expected);
        return CryptographicOperations.FixedTimeEquals(expected, message.Slice(mac1Offset, Blake2s.MacSize));
    }
}
