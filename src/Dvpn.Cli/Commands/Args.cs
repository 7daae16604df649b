using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Dvpn.Control.V1;

namespace Dvpn.Cli.Commands;

/// <summary>
/// Client-side checks of arguments that are cheap to check here (addresses, amounts, sizes), so a typo is caught
/// before the daemon is asked. The daemon checks everything again: it is the authority.
/// </summary>
internal static partial class Args
{
    private static readonly BigInteger Uint256Limit = BigInteger.One << 256;

    /// <summary>Units an amount may be given in (the API's unit is the smallest one, wei).</summary>
    private static readonly (string Suffix, int Decimals)[] AmountUnits = [("gwei", 9), ("wei", 0), ("eth", 18)];

    private static readonly (string Suffix, long Factor)[] SizeUnits =
    [
        ("kib", 1L << 10), ("mib", 1L << 20), ("gib", 1L << 30), ("tib", 1L << 40),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000), ("b", 1),
    ];

    /// <summary>The help text's description of an amount.</summary>
    public const string AmountHelp = "wei, or with a unit: 0.05eth, 20gwei";

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]{64}$")]
    private static partial Regex HashPattern();

    [GeneratedRegex("^[a-z0-9-]{1,16}$")]
    private static partial Regex RegionPattern();

    public static string Address(string? value, string argument) =>
        value is not null && AddressPattern().IsMatch(value)
            ? value
            : throw new CliArgumentException(argument, $"'{value}' is not a 0x-prefixed 20-byte address (0x and 40 hex digits)");

    public static string TransactionHash(string? value, string argument) =>
        value is not null && HashPattern().IsMatch(value)
            ? value
            : throw new CliArgumentException(argument, $"'{value}' is not a transaction hash (0x and 64 hex digits)");

    public static string[] Regions(string[]? values, string argument)
    {
        string[] regions = [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
        foreach (string region in regions)
        {
            if (!RegionPattern().IsMatch(region))
            {
                throw new CliArgumentException(argument, $"'{region}' is not a region code (1 to 16 of a-z, 0-9 and '-')");
            }
        }

        return regions;
    }

    /// <summary>
    /// An amount as the API takes it: a decimal string in wei. Accepts wei ("50000000000000000") or a number with a
    /// unit ("0.05eth", "20 gwei"); null stays empty (not given). A number with a fraction needs a unit.
    /// </summary>
    public static string Amount(string? value, string argument)
    {
        if (value is null)
        {
            return "";
        }

        string text = value.Trim().ToLowerInvariant();
        int decimals = 0;
        foreach ((string suffix, int unitDecimals) in AmountUnits)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length].TrimEnd();
                decimals = unitDecimals;
                break;
            }
        }

        int point = text.IndexOf('.', StringComparison.Ordinal);
        string whole = point < 0 ? text : text[..point];
        string fraction = point < 0 ? "" : text[(point + 1)..];
        if (whole.Length + fraction.Length == 0 || !(whole + fraction).All(char.IsAsciiDigit))
        {
            throw new CliArgumentException(argument, $"'{value}' is not an amount ({AmountHelp})");
        }

        if (fraction.TrimEnd('0').Length > decimals)
        {
            throw new CliArgumentException(argument, decimals == 0
                ? $"'{value}' has a fraction: wei are whole; give a unit for fractions (0.05eth)"
                : $"'{value}' has more than {decimals} decimals");
        }

        BigInteger wei = BigInteger.Parse((whole.Length == 0 ? "0" : whole) + fraction.PadRight(decimals, '0')[..decimals], CultureInfo.InvariantCulture);
        return wei < Uint256Limit
            ? wei.ToString(CultureInfo.InvariantCulture)
            : throw new CliArgumentException(argument, $"'{value}' is larger than 2^256 wei");
    }

    /// <summary>Like <see cref="Amount"/>, but "none" (or "") clears it: an empty amount means no cap.</summary>
    public static string? OptionalCap(string? value, string argument) =>
        value is null ? null
        : value.Trim() is "" || value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? ""
        : Amount(value, argument);

    /// <summary>A byte count: 1000, 500MiB, 2GiB, 1.5GB.</summary>
    public static ulong Size(string? value, string argument)
    {
        string text = (value ?? "").Trim().ToLowerInvariant();
        long factor = 1;
        foreach ((string suffix, long unitFactor) in SizeUnits)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length].TrimEnd();
                factor = unitFactor;
                break;
            }
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number) && number * factor <= ulong.MaxValue
            ? (ulong)(number * factor)
            : throw new CliArgumentException(argument, $"'{value}' is not a size (bytes, or with a unit: 500MiB, 2GiB, 1GB)");
    }

    public static LogLevel Level(string? value, string argument) => value?.Trim().ToLowerInvariant() switch
    {
        "trace" or "verbose" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "information" or "info" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" or "fatal" => LogLevel.Critical,
        _ => throw new CliArgumentException(argument, $"'{value}' is not a log level (trace, debug, information, warning, error, critical)"),
    };

    public static bool Boolean(string value, string argument) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new CliArgumentException(argument, $"'{value}' is not a boolean (true/false, on/off, yes/no)"),
    };
}
