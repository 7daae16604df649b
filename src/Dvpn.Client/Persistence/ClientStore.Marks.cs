using Dvpn.Client.Events;
using Microsoft.Data.Sqlite;

namespace Dvpn.Client.Persistence;

internal sealed partial class ClientStore
{
    /// <summary>
    /// Avoids a provider until <see cref="ProviderMark.Until"/>. A provider already marked keeps the mark that ends
    /// later (with its reason), so a short mark never shortens a long one.
    /// </summary>
    public void MarkProvider(ProviderMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        ArgumentException.ThrowIfNullOrEmpty(mark.Address, nameof(mark));
        ArgumentNullException.ThrowIfNull(mark.Detail, nameof(mark));
        Write("""
            INSERT INTO marks (address, reason, detail, at, until) VALUES ($address, $reason, $detail, $at, $until)
            ON CONFLICT (address) DO UPDATE SET
                reason = excluded.reason, detail = excluded.detail, at = excluded.at, until = excluded.until
            WHERE excluded.until >= marks.until
            """,
            ("$address", Key(mark.Address)), ("$reason", (long)mark.Reason), ("$detail", mark.Detail),
            ("$at", ToDb(mark.At)), ("$until", ToDb(mark.Until)));
    }

    /// <summary>The marks still in force at <paramref name="now"/> (Until later than now), by address.</summary>
    public IReadOnlyList<ProviderMark> GetActiveMarks(DateTimeOffset now)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            using SqliteCommand command = Command(
                "SELECT address, reason, detail, at, until FROM marks WHERE until > $now ORDER BY address");
            Bind(command, ("$now", ToDb(now)));
            using SqliteDataReader r = command.ExecuteReader();
            var marks = new List<ProviderMark>();
            while (r.Read())
            {
                var reason = (ProviderFailureReason)r.GetInt64(1);
                if (!Enum.IsDefined(reason))
                {
                    // Written by a build with more reasons (same schema) or edited: still avoided, for an unknown reason.
                    Log.UnknownMarkReason(_logger, r.GetString(0), r.GetInt64(1));
                }

                marks.Add(new ProviderMark(r.GetString(0), reason, r.GetString(2), TimeFromDb(r.GetInt64(3)), TimeFromDb(r.GetInt64(4))));
            }

            return marks;
        }
    }
}
