namespace ZeegWebex.Application.Connections.GetConnection;

public sealed record ConnectionEventView(string Kind, string? Detail, DateTimeOffset At);
