namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>
/// Hex on ASCII bytes, so that UAPI lines holding keys never become strings (strings cannot be wiped). Decoding
/// accepts either case, like Go's <c>hex.DecodeString</c> in wireguard-go; encoding writes lower case.
/// </summary>
internal static class UapiHex
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    /// <summary>Writes two digits per byte of <paramref name="source"/>; <paramref name="destination"/> is twice as long.</summary>
    public static void Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[2 * i] = Digits[source[i] >> 4];
            destination[(2 * i) + 1] = Digits[source[i] & 0xF];
        }
    }

    /// <summary>Decodes exactly <c>2 * destination.Length</c> digits; false (and a cleared destination) otherwise.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != 2 * destination.Length)
        {
            return false;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            int high = Digit(source[2 * i]);
            int low = Digit(source[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                destination.Clear();
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int Digit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
