namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// Hex over ASCII bytes, so that UAPI lines holding keys are encoded and decoded without ever becoming strings
/// (strings cannot be wiped).
/// </summary>
internal static class AsciiHex
{
    /// <summary>Writes two lower-case digits per byte of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        const string digits = "0123456789abcdef";
        for (int i = 0; i < source.Length; i++)
        {
            destination[2 * i] = (byte)digits[source[i] >> 4];
            destination[(2 * i) + 1] = (byte)digits[source[i] & 0xF];
        }
    }

    /// <summary>Decodes exactly <c>2 * destination.Length</c> hex digits (either case); false otherwise.</summary>
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
