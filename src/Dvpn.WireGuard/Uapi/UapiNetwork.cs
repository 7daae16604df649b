using System.Globalization;
using System.Net;

namespace Dvpn.WireGuard.Uapi;

/// <summary>The <c>address/prefix</c> form of an allowed IP, parsed strictly (prefix required, in range).</summary>
internal static class UapiNetwork
{
    /// <summary>Parses <c>address/prefix</c>; host bits beyond the prefix are cleared, as wg(8) does.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IPNetwork network)
    {
        network = default;
        int slash = text.IndexOf('/');
        if (slash <= 0
            || !IPAddress.TryParse(text[..slash], out IPAddress? address)
            || text[..slash].Contains('%')
            || (!text[..slash].Contains(':') && !UapiEndpoint.IsDottedQuad(text[..slash]))
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int prefix)
            || (slash + 1 == text.Length)
            || prefix > (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            return false;
        }

        network = new IPNetwork(Mask(address, prefix), prefix);
        return true;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int length);
        bytes = bytes[..length];
        for (int i = 0; i < length; i++)
        {
            int keep = Math.Clamp(prefix - (8 * i), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
