using System.Globalization;

namespace Dvpn.Control.Server.Identity;

/// <summary>Reads the "Groups:" line of /proc/&lt;pid&gt;/status (proc(5)): the fallback when SO_PEERGROUPS is missing.</summary>
internal static class ProcStatusParser
{
    /// <summary>Parses the supplementary groups out of the text of a status file.</summary>
    /// <exception cref="FormatException">There is no Groups line, or it holds something other than group ids.</exception>
    public static uint[] ParseGroups(string statusText)
    {
        ArgumentNullException.ThrowIfNull(statusText);
        foreach (var line in statusText.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("Groups:", StringComparison.Ordinal))
            {
                continue;
            }

            var values = line["Groups:".Length..];
            var groups = new List<uint>();
            foreach (var range in values.SplitAny(" \t"))
            {
                var token = values[range];
                if (token.IsEmpty)
                {
                    continue;
                }

                if (!uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out uint gid))
                {
                    throw new FormatException($"/proc status: the Groups line holds '{token}', which is not a group id");
                }

                groups.Add(gid);
            }

            return [.. groups];
        }

        throw new FormatException("/proc status: no Groups line");
    }

    /// <summary>Reads /proc/<paramref name="pid"/>/status; null if the process is gone or the file unreadable.</summary>
    public static uint[]? TryReadGroups(int pid)
    {
        try
        {
            return ParseGroups(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
