using System.Text;
using Microsoft.Data.Sqlite;

namespace Dvpn.Client.Tests.Support;

/// <summary>
/// The client's spend ledger read straight from its SQLite file in the data directory, for checks across a crash: the
/// file is found by its SQLite header and its <c>tickets</c> table (schema of src/Dvpn.Client/Persistence), read only
/// while no client has it open.
/// </summary>
internal static class LedgerFile
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>The ticket rows in insertion order: (session, nonce, expected value).</summary>
    public static IReadOnlyList<(string Session, ulong Nonce, string ExpectedValue)> ReadTickets(string dataDirectory)
    {
        string path = Find(dataDirectory);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT session_id, nonce, expected_value FROM tickets ORDER BY id";
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<(string, ulong, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), (ulong)reader.GetInt64(1), reader.GetString(2)));
        }

        return rows;
    }

    private static string Find(string dataDirectory)
    {
        foreach (string file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith("-wal", StringComparison.Ordinal) || file.EndsWith("-shm", StringComparison.Ordinal))
            {
                continue;
            }

            byte[] head = new byte[SqliteHeader.Length];
            using (FileStream stream = File.OpenRead(file))
            {
                if (stream.Read(head) != head.Length || !head.AsSpan().SequenceEqual(SqliteHeader))
                {
                    continue;
                }
            }

            if (HasTicketsTable(file))
            {
                return file;
            }
        }

        throw new FileNotFoundException($"No SQLite ledger with a tickets table in {dataDirectory}.");
    }

    private static bool HasTicketsTable(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'tickets'";
        return (long)command.ExecuteScalar()! == 1;
    }
}
