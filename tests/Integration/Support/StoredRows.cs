using Microsoft.Data.Sqlite;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Looks at the embedded database the way an operator (or an attacker with the file) would: raw.</summary>
public static class StoredRows
{
    public static async Task<long> CountRowsAsync(this ZeegWebexHost host, string table) =>
        (await host.QueryAsync($"SELECT COUNT(*) FROM {table}", row => row.GetInt64(0))).Single();

    /// <summary>Runs one query on the database file, past the service's repositories, and maps every row it answers.</summary>
    /// <param name="parameters">Named <c>$name</c> in the SQL.</param>
    public static Task<IReadOnlyList<T>> QueryAsync<T>(
        this ZeegWebexHost host, string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters) =>
        QueryFileAsync(host.DatabaseFile, sql, map, parameters);

    /// <summary>The same, for a database file whose service is not running.</summary>
    public static async Task<IReadOnlyList<T>> QueryFileAsync<T>(
        string databaseFile, string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
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
