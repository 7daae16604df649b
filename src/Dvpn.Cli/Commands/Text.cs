using System.Globalization;
using System.Numerics;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Dvpn.Cli.Commands;

/// <summary>How human output shows amounts, sizes, times and enums; and aligned key/value blocks and tables.</summary>
internal static class Text
{
    private static readonly BigInteger WeiPerEth = BigInteger.Pow(10, 18);
    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>
    /// An API amount (decimal string in the smallest unit) in ETH, exactly: "0.05 ETH". Empty means "none" (no cap, no
    /// limit). Amounts are shown in units of 10^18, which is ETH for the native coin; --json gives the exact wei string.
    /// </summary>
    public static string Amount(string wei, string empty = "none")
    {
        if (wei.Length == 0)
        {
            return empty;
        }

        if (!BigInteger.TryParse(wei, NumberStyles.None, CultureInfo.InvariantCulture, out BigInteger value))
        {
            return wei;
        }

        BigInteger whole = BigInteger.DivRem(value, WeiPerEth, out BigInteger fraction);
        string digits = fraction.IsZero ? "" : "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(18, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + digits + " ETH";
    }

    /// <summary>A byte count with a binary unit: "1.50 GiB".</summary>
    public static string Bytes(double bytes)
    {
        int unit = 0;
        while (bytes >= 1024 && unit < ByteUnits.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes:0.00} {ByteUnits[unit]}");
    }

    public static string Rate(double bytesPerSecond) => Bytes(bytesPerSecond) + "/s";

    public static string Time(Timestamp? at) =>
        at is null ? "-" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Clock(Timestamp? at) =>
        at is null ? "--:--:--" : at.ToDateTimeOffset().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Duration(Google.Protobuf.WellKnownTypes.Duration? duration, string none = "-") =>
        duration is null ? none : Duration(duration.ToTimeSpan());

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.#} ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.##} s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m"),
    };

    /// <summary>A proto enum value as a word: ConnectPhase.Handshaking is "handshaking", SpendCap.Day is "day".</summary>
    public static string Word<T>(T value)
        where T : struct, System.Enum
    {
        string name = value.ToString();
        var word = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                word.Append('-');
            }

            word.Append(char.ToLowerInvariant(name[i]));
        }

        return word.ToString();
    }

    /// <summary>The canonical gRPC name of a status code: FailedPrecondition is FAILED_PRECONDITION.</summary>
    public static string StatusName(StatusCode code) => Word(code).Replace('-', '_').ToUpperInvariant();

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string List(IEnumerable<string> items, string empty = "-") => items.Any() ? string.Join(", ", items) : empty;

    /// <summary>Writes "key  value" lines with the values aligned.</summary>
    public static void Pairs(TextWriter output, params (string Key, string Value)[] pairs)
    {
        int width = pairs.Max(pair => pair.Key.Length) + 2;
        foreach ((string key, string value) in pairs)
        {
            output.WriteLine((key + ":").PadRight(width) + value);
        }
    }

    /// <summary>Writes a table with a header row and left-aligned columns two spaces apart.</summary>
    public static void Table(TextWriter output, string[] headers, IEnumerable<string[]> rows)
    {
        List<string[]> all = [headers, .. rows];
        int[] widths = new int[headers.Length];
        foreach (string[] row in all)
        {
            for (int i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (string[] row in all)
        {
            var line = new StringBuilder();
            for (int i = 0; i < widths.Length; i++)
            {
                line.Append(i == widths.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }
}
