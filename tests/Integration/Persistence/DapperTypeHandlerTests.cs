using System.Data;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.IntegrationTests.Persistence;

/// <summary>Dapper's handlers are process-wide: they must convert for SQLite and leave SQL Server's native types alone.</summary>
public sealed class DapperTypeHandlerTests
{
    private static readonly DateTimeOffset InBerlin = new(2030, 1, 1, 1, 5, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Sqlite_parameters_get_sortable_utc_text_and_guid_text()
    {
        var instant = new SqliteParameter();
        var id = new SqliteParameter();
        var guid = Guid.NewGuid();

        new DapperTypeHandlers.DateTimeOffsetHandler().SetValue(instant, InBerlin);
        new DapperTypeHandlers.GuidHandler().SetValue(id, guid);

        instant.Value.Should().Be("2030-01-01T00:05:00.0000000Z");
        id.Value.Should().Be(guid.ToString("D"));
    }

    [Fact]
    public void Sql_server_parameters_keep_their_native_types()
    {
        var instant = new SqlParameter();
        var id = new SqlParameter();
        var guid = Guid.NewGuid();

        new DapperTypeHandlers.DateTimeOffsetHandler().SetValue(instant, InBerlin);
        new DapperTypeHandlers.GuidHandler().SetValue(id, guid);

        instant.Value.Should().Be(InBerlin);
        ((DateTimeOffset)instant.Value).Offset.Should().Be(TimeSpan.FromHours(1));
        instant.DbType.Should().Be(DbType.DateTimeOffset);
        id.Value.Should().Be(guid);
        id.DbType.Should().Be(DbType.Guid);
    }

    [Fact]
    public async Task Dapper_binds_offsets_as_utc_text_on_sqlite_whatever_the_parameter_style()
    {
        var connections = new SqliteConnectionFactory("Data Source=:memory:", Path.GetTempPath());
        await using var db = await connections.OpenAsync(default);
        var dynamic = new DynamicParameters();
        dynamic.Add("A", (DateTimeOffset?)InBerlin);

        var fromDynamic = await db.QuerySingleAsync<string>("SELECT @A", dynamic);
        var fromAnonymous = await db.QuerySingleAsync<string>("SELECT @A", new { A = InBerlin });
        var guidType = await db.QuerySingleAsync<string>("SELECT typeof(@G)", new { G = Guid.NewGuid() });
        var readBack = await db.QuerySingleAsync<DateTimeOffset>("SELECT @A", new { A = InBerlin });

        fromDynamic.Should().Be("2030-01-01T00:05:00.0000000Z");
        fromAnonymous.Should().Be("2030-01-01T00:05:00.0000000Z");
        guidType.Should().Be("text");
        readBack.Should().Be(InBerlin);
        readBack.Offset.Should().Be(TimeSpan.Zero);
    }
}
