namespace ZeegWebex.Application.Abstractions;

public interface IConnectionAuditLog
{
    Task RecordAsync(ConnectionAuditEntry entry, CancellationToken ct);

    Task<IReadOnlyList<ConnectionAuditEntry>> ListForZeegUserAsync(string zeegUserId, CancellationToken ct);
}
