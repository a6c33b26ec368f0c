namespace ZeegWebex.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite = 1,
    SqlServer = 2,
}
