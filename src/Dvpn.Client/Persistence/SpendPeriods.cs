using System.Globalization;

namespace Dvpn.Client.Persistence;

/// <summary>
/// The keys of the spend totals (spend_totals.period) a ticket counts towards: its session, the UTC calendar day
/// and the UTC calendar month it was signed in, and all time.
/// </summary>
internal readonly record struct SpendPeriods(string Day, string Month)
{
    /// <summary>The all-time total's key.</summary>
    public const string AllTime = "all";

    /// <summary>The day and month of <paramref name="now"/>, as UTC calendar periods.</summary>
    public static SpendPeriods At(DateTimeOffset now)
    {
        DateTime utc = now.UtcDateTime;
        return new SpendPeriods(
            "day:" + utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "month:" + utc.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    /// <summary>The key of a session's total (<paramref name="sessionKey"/> is the stored, lower-case id).</summary>
    public static string Session(string sessionKey) => "session:" + sessionKey;
}
