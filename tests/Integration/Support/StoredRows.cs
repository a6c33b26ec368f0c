using Microsoft.Data.Sqlite;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Looks at the embedded database the way an operator (or an attacker with the file) would: raw.</summary>
public static class StoredRows
{
    public static async Task<long> CountRowsAsync(this ZeegWebexHost host, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={host.DatabaseFile}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every byte of the database file and its WAL, read while the service keeps them open.</summary>
    public static async Task<byte[]> ReadDatabaseBytesAsync(this ZeegWebexHost host)
    {
        using var all = new MemoryStream();
        foreach (var file in Directory.GetFiles(host.DataFolder, "zeegwebex.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await stream.CopyToAsync(all);
        }

        return all.ToArray();
    }
}
