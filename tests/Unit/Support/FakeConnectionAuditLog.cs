using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.UnitTests.Support;

internal sealed class FakeConnectionAuditLog : IConnectionAuditLog
{
    private readonly List<ConnectionAuditEntry> _entries = [];

    public IReadOnlyList<ConnectionAuditEntry> Entries { get { lock (_entries) return _entries.ToArray(); } }

    public Task RecordAsync(ConnectionAuditEntry entry, CancellationToken ct)
    {
        lock (_entries) _entries.Add(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ConnectionAuditEntry>> ListForZeegUserAsync(string zeegUserId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ConnectionAuditEntry>>(Entries.Where(e => e.ZeegUserId == zeegUserId).ToArray());
}
