using System.Globalization;

namespace Dvpn.Client.Firewall;

/// <summary>Reads the packet count out of <c>nft list counter</c> output (<c>packets N bytes M</c>).</summary>
internal static class NftCounterText
{
    /// <summary>False when the text holds no <c>packets N</c>; never throws.</summary>
    public static bool TryReadPackets(string? text, out long packets)
    {
        packets = 0;
        if (text is null)
        {
            return false;
        }

        string[] words = text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < words.Length; i++)
        {
            if (words[i] == "packets")
            {
                return long.TryParse(words[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out packets);
            }
        }

        return false;
    }
}
