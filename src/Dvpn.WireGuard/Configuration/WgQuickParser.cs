using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Dvpn.WireGuard.Configuration;

/// <summary>
/// Reads wg-quick files as wg-quick and wg(8) do: <c>[Interface]</c> and <c>[Peer]</c> sections, <c>Key = Value</c>
/// lines with case-insensitive keys, <c>#</c> comments, comma-separated lists. Unknown sections and keys are errors
/// (as in wg). Never throws on bad text; error messages never repeat a value.
/// </summary>
internal static partial class WgQuickParser
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out WgQuickConfig? config, [NotNullWhen(false)] out string? error, out int errorLine)
    {
        config = null;
        errorLine = 0;
        if (text is null)
        {
            error = "no text";
            return false;
        }

        State state = new();
        try
        {
            int lineNumber = 0;
            foreach (ReadOnlySpan<char> rawLine in text.AsSpan().EnumerateLines())
            {
                lineNumber++;
                int hash = rawLine.IndexOf('#');
                ReadOnlySpan<char> line = (hash < 0 ? rawLine : rawLine[..hash]).Trim();
                if (line.IsEmpty)
                {
                    continue;
                }

                error = line[0] == '[' ? state.StartSection(line, lineNumber) : ParseSetting(state, line, lineNumber);
                if (error is not null)
                {
                    errorLine = lineNumber;
                    return false;
                }
            }

            error = state.FinishPeer();
            if (error is not null)
            {
                errorLine = state.PeerLine;
                return false;
            }

            config = state.Build();
            return true;
        }
        finally
        {
            if (config is null)
            {
                state.DisposeKeys();
            }
        }
    }

    private static string? ParseSetting(State state, ReadOnlySpan<char> line, int lineNumber)
    {
        int equals = line.IndexOf('=');
        if (equals < 0)
        {
            return "expected 'Key = Value' or a [Section]";
        }

        string key = line[..equals].Trim().ToString();
        string value = line[(equals + 1)..].Trim().ToString();
        if (key.Length == 0)
        {
            return "a setting without a name";
        }

        return state.Section switch
        {
            Section.None => $"{Name(key)} outside any section",
            Section.Interface => state.SetInterface(key, value),
            _ => state.SetPeer(key, value),
        };
    }

    /// <summary>A key name for a message: at most 32 characters of what was written.</summary>
    internal static string Name(string key) => key.Length > 32 ? key[..32] + "..." : key;

    internal static bool TryParseUInt16OrOff(string value, out ushort number)
    {
        number = 0;
        return value.Equals("off", StringComparison.OrdinalIgnoreCase)
            || ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    internal static bool TryParseFwMark(string value, out uint mark)
    {
        mark = 0;
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mark)
            : uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out mark);
    }

    /// <summary>Comma-separated items, each trimmed; an empty value is an empty list, an empty item is an error.</summary>
    internal static bool TrySplitList(string value, out string[] items)
    {
        items = value.Length == 0 ? [] : value.Split(',', StringSplitOptions.TrimEntries);
        return Array.TrueForAll(items, item => item.Length > 0);
    }

    /// <summary>
    /// <c>host:port</c> with host an IPv4 address or a DNS name, or <c>[v6]:port</c>. Names are checked for their
    /// characters only and never resolved.
    /// </summary>
    internal static bool IsValidEndpoint(string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        ReadOnlySpan<char> host = value.AsSpan(0, colon);
        if (host[0] == '[')
        {
            return host.Length > 2 && host[^1] == ']' && IPAddress.TryParse(host[1..^1], out IPAddress? v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        return !host.Contains(':') && host.Length <= 253 && !host.StartsWith('.') && !host.StartsWith('-')
            && !host.ContainsAnyExcept(HostChars);
    }

    private static readonly System.Buffers.SearchValues<char> HostChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    internal enum Section
    {
        None,
        Interface,
        Peer,
    }
}
