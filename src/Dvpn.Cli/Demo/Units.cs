using System.Globalization;
using System.Numerics;

namespace Dvpn.Cli.Demo;

/// <summary>How the demo writes amounts, sizes, rates, addresses and hashes.</summary>
internal static class Units
{
    public const long MiB = 1 << 20;
    public const long GiB = 1 << 30;

    private static readonly BigInteger WeiPerEther = BigInteger.Pow(10, 18);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Wei as ether with six decimals, e.g. <c>0.031250 ETH</c> (fixed decimals keep columns aligned).</summary>
    public static string Eth(BigInteger wei) => Eth(wei, 6);

    /// <summary>Wei as ether with <paramref name="decimals"/> decimals.</summary>
    public static string Eth(BigInteger wei, int decimals)
    {
        // decimal holds 28 digits: exact for any amount a devnet account can hold.
        decimal ether = (decimal)wei / (decimal)WeiPerEther;
        return ether.ToString("N" + decimals.ToString(Invariant), Invariant) + " ETH";
    }

    /// <summary>A decimal wei string from the control API as ether.</summary>
    public static string Eth(string wei) => Eth(Wei(wei));

    /// <summary>Parses a decimal wei string from the control API; empty is zero.</summary>
    public static BigInteger Wei(string wei) =>
        string.IsNullOrEmpty(wei) ? BigInteger.Zero : BigInteger.Parse(wei, NumberStyles.None, Invariant);

    /// <summary>Wei per gas as gwei, e.g. <c>1.25 gwei</c>.</summary>
    public static string Gwei(BigInteger wei) => ((decimal)wei / 1_000_000_000m).ToString("0.###", Invariant) + " gwei";

    /// <summary>Bytes in MiB with one decimal, e.g. <c>48.0 MiB</c>.</summary>
    public static string Size(double bytes) => (bytes / MiB).ToString("0.0", Invariant) + " MiB";

    /// <summary>Bytes per second as Mbit/s.</summary>
    public static string Rate(double bytesPerSecond) => (bytesPerSecond * 8 / 1e6).ToString("0.0", Invariant) + " Mbit/s";

    /// <summary>Seconds with one decimal, e.g. <c>2.4 s</c>.</summary>
    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", Invariant) + " s";

    /// <summary>A count with thousands separators.</summary>
    public static string Count(double count) => count.ToString("N0", Invariant);

    /// <summary>A probability as a percentage with one decimal.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", Invariant) + "%";

    /// <summary>An address or hash shortened to its first 6 and last 4 hex digits, e.g. <c>0x1a2b3c…9f8e</c>.</summary>
    public static string Short(string hex) => hex.Length <= 14 ? hex : $"{hex[..8]}…{hex[^4..]}";
}
