using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.IntegrationTests.Persistence;

/// <summary>
/// No SQL Server runs here, so every T-SQL text we ship is at least parsed by Microsoft's own parser: the
/// migrations as files and every statement the repositories run with the SQL Server dialect.
/// </summary>
public sealed class SqlServerScriptTests
{
    public static TheoryData<string> MigrationFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "migrations", "sqlserver"), "*.sql").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    public static TheoryData<string> RepositoryStatements()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Statements()) data.Add(name);
        return data;
    }

    [Fact]
    public void There_are_sql_server_migrations_and_statements_to_check()
    {
        MigrationFiles().Should().NotBeEmpty();
        Statements().Select(s => s.Name).Should().Contain(
            ["ConnectionStatements.DueForRefresh", "ConnectionStatements.ClaimRefreshLease", "PendingAuthorizationStatements.Consume", "PendingAuthorizationStatements.Open", "PendingAuthorizationStatements.PurgeExpired", "MeetingStatements.Due", "ConnectionAuditStatements.Insert", "MeetingStatements.AdmitOutstanding", "MeetingStatements.AdjustOutstanding", "MeetingStatements.SyncPendingAtVersion", "MeetingStatements.Claim", "MeetingStatements.LockCounter", "MeetingStatements.SetCounter", "OutcomeNoticeStatements.Insert", "OutcomeNoticeStatements.Due", "OutcomeNoticeStatements.Claim", "OutcomeNoticeStatements.MarkDelivered", "OutcomeNoticeStatements.RecordFailure", "OutcomeNoticeStatements.PurgeDelivered"]);
    }

    [Fact]
    public void The_parser_rejects_sqlite_only_syntax_so_these_checks_have_teeth()
    {
        Parse(new SqliteDialect().Page("SELECT id FROM webex_meetings ORDER BY id")).Should().NotBeEmpty();
        Parse("CREATE TABLE t (id TEXT NOT NULL PRIMARY KEY) STRICT;").Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(MigrationFiles))]
    public void Migration_parses_as_tsql(string fileName)
    {
        var sql = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "migrations", "sqlserver", fileName));

        Parse(sql).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(RepositoryStatements))]
    public void Repository_statement_parses_as_tsql(string name)
    {
        var sql = Statements().Single(s => s.Name == name).Sql;

        Parse(sql).Should().BeEmpty($"{name} must be valid T-SQL:\n{sql}");
    }

    private static IEnumerable<string> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}");
    }

    private static IEnumerable<(string Name, string Sql)> Statements()
    {
        var dialect = new SqlServerDialect();
        var statementTypes = typeof(ISqlStatements).Assembly.GetTypes()
            .Where(t => typeof(ISqlStatements).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });
        foreach (var type in statementTypes)
        {
            var constructor = type.GetConstructor([typeof(ISqlDialect)]);
            var statements = (ISqlStatements)(constructor is not null
                ? constructor.Invoke([dialect])
                : Activator.CreateInstance(type, nonPublic: true)!);
            foreach (var statement in statements.All) yield return statement;
        }
    }
}
