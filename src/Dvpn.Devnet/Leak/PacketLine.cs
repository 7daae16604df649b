using System.Globalization;

namespace Dvpn.Devnet.Leak;

/// <summary>One line of <c>tcpdump -n -tt -l</c>: the capture time and the text, e.g. <c>1764400000.123456 IP 198.51.100.2.40000 &gt; 203.0.113.1.7: Flags [S], ...</c>.</summary>
/// <param name="At">When the packet was captured.</param>
/// <param name="Text">The whole line.</param>
public sealed record PacketLine(DateTimeOffset At, string Text)
{
    /// <summary>Reads a line; false (never an exception) for tcpdump's own messages and anything without a leading time.</summary>
    public static bool TryParse(string line, out PacketLine? packet)
    {
        packet = null;
        if (string.IsNullOrEmpty(line))
        {
            return false;
        }

        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !decimal.TryParse(line.AsSpan(0, space), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds))
        {
            return false;
        }

        try
        {
            packet = new PacketLine(DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)), line);
            return true;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the packet is of an allowed kind that the capture filter could not leave out: an MLD listener report,
    /// whose ICMPv6 header sits behind a hop-by-hop options header.
    /// </summary>
    public bool IsAllowedKind => Text.Contains("multicast listener report", StringComparison.Ordinal);
}
