using System.Globalization;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>Reads one interface's only peer through <c>wg show NAME ...</c> (the real tool, through the UAPI socket).</summary>
internal static class WgShow
{
    /// <summary><c>latest-handshakes</c>: Unix seconds, 0 when none.</summary>
    public static long LatestHandshake(string name) => long.Parse(SinglePeerField(name, "latest-handshakes", 1), CultureInfo.InvariantCulture);

    /// <summary><c>endpoints</c>: "ip:port", or "(none)".</summary>
    public static string Endpoint(string name) => SinglePeerField(name, "endpoints", 1);

    /// <summary><c>transfer</c>: received and sent bytes.</summary>
    public static (long Received, long Sent) Transfer(string name) =>
        (long.Parse(SinglePeerField(name, "transfer", 1), CultureInfo.InvariantCulture), long.Parse(SinglePeerField(name, "transfer", 2), CultureInfo.InvariantCulture));

    /// <summary>
    /// <c>dump</c>'s peer lines, split at tabs: public key, preshared key, endpoint, allowed ips, latest handshake,
    /// received, sent, persistent keepalive. (The first line, the interface's, holds its private key: dropped here.)
    /// </summary>
    public static string[][] DumpPeers(string name) =>
        [.. Lines(Tool.Wg("show", name, "dump")).Skip(1).Select(line => line.Split('\t'))];

    private static string SinglePeerField(string name, string what, int index)
    {
        string[] lines = Lines(Tool.Wg("show", name, what));
        string line = Assert.Single(lines);
        return line.Split('\t')[index];
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
