using System.Reflection;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// The SQL one repository runs, as run for one dialect, one string property per statement. Enumerable so a
/// test can parse every statement for SQL Server without a server, and a new statement cannot be left out.
/// </summary>
internal interface ISqlStatements
{
    IEnumerable<(string Name, string Sql)> All =>
        GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => ($"{GetType().Name}.{p.Name}", (string)p.GetValue(this)!));
}
