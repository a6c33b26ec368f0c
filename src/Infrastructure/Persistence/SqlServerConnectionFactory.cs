using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class SqlServerConnectionFactory : IDbConnectionFactory
{
    public SqlServerConnectionFactory(string connectionString)
    {
        DapperTypeHandlers.EnsureRegistered();
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is SqlServer.");
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
