using System.Globalization;

namespace Dvpn.Control.Server.Identity;

/// <summary>Finds a group's id in the text of /etc/group (group(5)) without shelling out or NSS.</summary>
internal static class GroupFileParser
{
    /// <summary>The default location of the group database.</summary>
    public const string DefaultPath = "/etc/group";

    /// <summary>Looks <paramref name="groupName"/> up; null if no line names it.</summary>
    /// <exception cref="FormatException">A line is not <c>name:password:gid:members</c>; the message names the line.</exception>
    public static uint? FindGroupId(string groupFileText, string groupName)
    {
        ArgumentNullException.ThrowIfNull(groupFileText);
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        int number = 0;
        Span<Range> fields = stackalloc Range[5];
        foreach (var line in groupFileText.AsSpan().EnumerateLines())
        {
            number++;
            // Blank lines, comments, and NIS compat entries (+name, -name) name no local group.
            if (line.IsWhiteSpace() || line[0] is '#' or '+' or '-')
            {
                continue;
            }

            if (line.Split(fields, ':') != 4)
            {
                throw new FormatException(
                    $"group file line {number}: expected name:password:gid:members, got '{line}'");
            }

            if (!uint.TryParse(line[fields[2]], NumberStyles.None, CultureInfo.InvariantCulture, out uint gid))
            {
                throw new FormatException($"group file line {number}: the gid '{line[fields[2]]}' is not a number");
            }

            if (line[fields[0]].SequenceEqual(groupName))
            {
                return gid;
            }
        }

        return null;
    }
}
