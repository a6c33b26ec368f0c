namespace ZeegWebex.Application.Abstractions;

/// <param name="Start">Any offset: the client sends it as local time in <paramref name="TimeZone"/>.</param>
public sealed record WebexMeetingRequest(
    string Title, DateTimeOffset Start, DateTimeOffset End, string TimeZone, string? Agenda,
    IReadOnlyList<string> Invitees, string IntegrationTag);
