namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>What a health check may ask about the database.</summary>
public interface IMigrationStatus
{
    Task<DatabaseHealth> CheckAsync(CancellationToken ct);
}
