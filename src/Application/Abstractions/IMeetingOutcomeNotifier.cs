using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Abstractions;

/// <summary>Tells the Zeeg main app what became of a meeting or a connection (the outgoing webhook).</summary>
public interface IMeetingOutcomeNotifier
{
    Task MeetingChangedAsync(WebexMeeting meeting, CancellationToken ct);

    Task ConnectionNeedsReauthorizationAsync(string zeegUserId, string reason, CancellationToken ct);
}
