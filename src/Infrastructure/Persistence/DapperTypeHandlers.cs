using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// SQLite has no Guid or DateTimeOffset type, so those travel as text there. Dapper's handlers are global to the
/// process (which may also talk to SQL Server), so each handler converts only for a SqliteParameter and passes
/// native values through for every other provider.
/// </summary>
internal static class DapperTypeHandlers
{
    /// <summary>Fixed width and always UTC: comparing the strings orders the instants, so range queries and indexes work.</summary>
    internal const string SqliteInstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        // Dapper consults its built-in type map before the handlers when it binds a parameter, so a type that is in
        // the map would bypass the handler (DateTimeOffset then reaches SQLite in its local-offset text form, which
        // does not sort as an instant). Removing the map entries makes every parameter of these types go through here.
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    internal static string ToSqliteText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(SqliteInstantFormat, CultureInfo.InvariantCulture);

    internal sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("D");
            }
            else
            {
                parameter.DbType = DbType.Guid;
                parameter.Value = value;
            }
        }

        public override Guid Parse(object value) => value switch
        {
            Guid guid => guid,
            string text => Guid.Parse(text),
            byte[] bytes => new Guid(bytes),
            _ => throw new DataException($"Cannot read a Guid from a {value.GetType().Name}."),
        };
    }

    internal sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = ToSqliteText(value);
            }
            else
            {
                parameter.DbType = DbType.DateTimeOffset;
                parameter.Value = value;
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset instant => instant,
            string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            _ => throw new DataException($"Cannot read a DateTimeOffset from a {value.GetType().Name}."),
        };
    }
}
