using System.Globalization;
using System.Text;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// The framing of a UAPI reply: <c>key=value</c> lines ending in <c>errno=N</c>, then a blank line. Works on raw
/// bytes; never throws on bad input.
/// </summary>
internal static class UapiReply
{
    /// <summary>The largest reply accepted (a device with tens of thousands of peers fits easily).</summary>
    public const int MaxReplyBytes = 16 * 1024 * 1024;

    /// <summary>The longest line accepted, newline excluded (real lines are under 100 bytes).</summary>
    public const int MaxLineBytes = 4096;

    /// <summary>The length of the reply in <paramref name="data"/> up to and including its blank line, or -1.</summary>
    public static int FindEnd(ReadOnlySpan<byte> data, int searchFrom = 0)
    {
        if (data.Length > 0 && data[0] == (byte)'\n')
        {
            return 1;
        }

        int start = Math.Max(0, searchFrom - 1);
        int index = data[start..].IndexOf("\n\n"u8);
        return index < 0 ? -1 : start + index + 2;
    }

    /// <summary>
    /// Checks the framing of a complete reply and reads its errno line. The body (<paramref name="bodyLength"/> bytes) is the lines before
    /// errno (each with its newline) and <paramref name="bodyLines"/> their count.
    /// </summary>
    public static bool TryParseErrno(ReadOnlySpan<byte> reply, out long errno, out int bodyLength, out int bodyLines, out UapiParseError error)
    {
        errno = 0;
        bodyLength = 0;
        bodyLines = 0;
        if (reply.Length > MaxReplyBytes)
        {
            error = new($"longer than {MaxReplyBytes} bytes", null);
            return false;
        }

        int end = FindEnd(reply);
        if (end < 0)
        {
            error = new("truncated: it does not end with a blank line", null);
            return false;
        }

        if (end != reply.Length)
        {
            error = new("data after the blank line that ends it", null);
            return false;
        }

        ReadOnlySpan<byte> content = reply[..(end - 1)]; // every line with its newline, blank line removed
        if (content.IsEmpty)
        {
            error = new("missing errno line", null);
            return false;
        }

        ReadOnlySpan<byte> withoutLast = content[..^1];
        int lastStart = withoutLast.LastIndexOf((byte)'\n') + 1;
        bodyLines = withoutLast[..lastStart].Count((byte)'\n');
        ReadOnlySpan<byte> last = withoutLast[lastStart..];
        int lineNumber = bodyLines + 1;
        if (!TrySplitLine(last, lineNumber, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value, out error))
        {
            return false;
        }

        if (!key.SequenceEqual("errno"u8))
        {
            error = new($"missing errno line (the last line is '{DescribeKey(key)}')", lineNumber);
            return false;
        }

        if (!long.TryParse(Encoding.ASCII.GetString(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out errno)
            || errno is < int.MinValue or > int.MaxValue)
        {
            error = new($"errno is not a 32-bit integer: '{Encoding.ASCII.GetString(value)}'", lineNumber);
            errno = 0;
            return false;
        }

        bodyLength = lastStart;
        error = default;
        return true;
    }

    /// <summary>Splits one line (no newline) at its first '='; rejects over-long lines and non-printable bytes.</summary>
    public static bool TrySplitLine(ReadOnlySpan<byte> line, int lineNumber, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value, out UapiParseError error)
    {
        key = value = default;
        if (line.Length > MaxLineBytes)
        {
            error = new($"line longer than {MaxLineBytes} bytes", lineNumber);
            return false;
        }

        if (line.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            // The content is not echoed: it may be part of a key.
            error = new("non-printable or non-ASCII byte in line", lineNumber);
            return false;
        }

        int equals = line.IndexOf((byte)'=');
        if (equals < 0)
        {
            error = new($"line without '=' ({line.Length} bytes)", lineNumber);
            return false;
        }

        if (equals == 0)
        {
            error = new("line with an empty key", lineNumber);
            return false;
        }

        key = line[..equals];
        value = line[(equals + 1)..];
        error = default;
        return true;
    }

    /// <summary>A key name for an error message: printable ASCII, cut to 40 characters.</summary>
    public static string DescribeKey(ReadOnlySpan<byte> key) =>
        Encoding.ASCII.GetString(key.Length > 40 ? key[..40] : key) + (key.Length > 40 ? "..." : "");
}
