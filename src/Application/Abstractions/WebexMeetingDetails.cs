using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Abstractions;

public sealed record WebexMeetingDetails(
    string Id, string Title, DateTimeOffset Start, DateTimeOffset End, string? TimeZone, string? State,
    MeetingLocation Location, IReadOnlyList<string> IntegrationTags);
