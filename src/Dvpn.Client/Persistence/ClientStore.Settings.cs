using System.Numerics;
using Dvpn.Client.Options;
using Dvpn.Client.Spending;
using Dvpn.Client.State;
using Microsoft.Data.Sqlite;

namespace Dvpn.Client.Persistence;

internal sealed partial class ClientStore
{
    private const string TargetKey = "target";
    private const string Secured = "secured";
    private const string Unsecured = "unsecured";

    /// <summary>The user's persisted target state; <see cref="TargetState.Unsecured"/> until one is set.</summary>
    public TargetState GetTarget()
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            using SqliteCommand command = Command("SELECT value FROM settings WHERE key = $key");
            Bind(command, ("$key", TargetKey));
            return command.ExecuteScalar() switch
            {
                null => TargetState.Unsecured,
                Secured => TargetState.Secured,
                Unsecured => TargetState.Unsecured,
                object other => throw new ClientStoreException($"the client ledger '{Path}' holds an unknown target state " +
                    $"'{other}': the file was edited or damaged. Restore it from a backup."),
            };
        }
    }

    /// <summary>Persists the user's target state (on disk before this returns).</summary>
    public void SetTarget(TargetState target)
    {
        string value = target switch
        {
            TargetState.Secured => Secured,
            TargetState.Unsecured => Unsecured,
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "not a target state"),
        };
        Write("""
            INSERT INTO settings (key, value) VALUES ($key, $value)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, ("$key", TargetKey), ("$value", value));
    }

    /// <summary>The spending policy last set with <see cref="SetPolicy"/>; null when none was.</summary>
    public SpendPolicy? GetPolicy()
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            using SqliteCommand command = Command(
                "SELECT per_session, per_day, per_month, max_price, action, warn_at FROM policy WHERE id = 1");
            using SqliteDataReader r = command.ExecuteReader();
            if (!r.Read())
            {
                return null;
            }

            var policy = new SpendPolicy(
                OptionalAmount(r, 0, "the session cap"), OptionalAmount(r, 1, "the daily cap"),
                OptionalAmount(r, 2, "the monthly cap"), OptionalAmount(r, 3, "the maximum price"),
                (SpendCapAction)r.GetInt64(4), r.GetDouble(5));
            try
            {
                policy.Validate();
            }
            catch (ArgumentException e)
            {
                throw new ClientStoreException($"the client ledger '{Path}' holds an invalid spending policy ({e.Message}): " +
                    "the file was edited or damaged. Restore it from a backup.", e);
            }

            return policy;
        }
    }

    /// <summary>Persists the spending policy (on disk before this returns).</summary>
    /// <exception cref="ArgumentException">The policy is invalid.</exception>
    public void SetPolicy(SpendPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        Write("""
            INSERT INTO policy (id, per_session, per_day, per_month, max_price, action, warn_at)
            VALUES (1, $session, $day, $month, $price, $action, $warnAt)
            ON CONFLICT (id) DO UPDATE SET
                per_session = excluded.per_session, per_day = excluded.per_day, per_month = excluded.per_month,
                max_price = excluded.max_price, action = excluded.action, warn_at = excluded.warn_at
            """,
            ("$session", OptionalToDb(policy.PerSession)), ("$day", OptionalToDb(policy.PerDay)),
            ("$month", OptionalToDb(policy.PerMonth)), ("$price", OptionalToDb(policy.MaxPricePerGiB)),
            ("$action", (long)policy.Action), ("$warnAt", policy.WarnAt));
    }

    private static string? OptionalToDb(BigInteger? value) => value is { } v ? AmountToDb(v) : null;

    private BigInteger? OptionalAmount(SqliteDataReader reader, int ordinal, string what) =>
        reader.IsDBNull(ordinal) ? null : AmountFromDb(reader.GetString(ordinal), what);
}
