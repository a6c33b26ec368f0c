namespace ZeegWebex.Application.Abstractions;

public sealed record ConnectionAuditEntry(string ZeegUserId, ConnectionAuditKind Kind, string? Detail, DateTimeOffset At);
