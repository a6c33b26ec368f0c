using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings;

/// <summary>Applies a change to a stored meeting under its version check, re-reading when a job wrote in between.</summary>
internal static class MeetingChange
{
    public static async Task<WebexMeeting> ApplyAsync(
        IMeetingRepository meetings, string zeegEventId, Action<WebexMeeting> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var meeting = await meetings.FindByZeegEventAsync(zeegEventId, ct)
                ?? throw new NotFoundException($"No meeting is known for Zeeg event '{zeegEventId}'.");
            var expected = meeting.Version;
            change(meeting);
            if (await meetings.UpdateAsync(meeting, expected, ct)) return meeting;
        }

        throw new ConflictException("Meeting busy", $"The meeting of Zeeg event '{zeegEventId}' kept changing; try again.");
    }

    /// <summary>The same, with the change and what it announces (<paramref name="announce"/>: outcome notices) stored in
    /// one transaction, so Zeeg hears of exactly the change that was committed.</summary>
    public static async Task<WebexMeeting> ApplyAsync(
        IMeetingRepository meetings, IUnitOfWork unitOfWork, string zeegEventId, Action<WebexMeeting> change,
        Func<WebexMeeting, CancellationToken, Task> announce, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await unitOfWork.RunAsync<WebexMeeting?>(async token =>
            {
                var meeting = await meetings.FindByZeegEventAsync(zeegEventId, token)
                    ?? throw new NotFoundException($"No meeting is known for Zeeg event '{zeegEventId}'.");
                var expected = meeting.Version;
                change(meeting);
                if (!await meetings.UpdateAsync(meeting, expected, token)) return null;
                await announce(meeting, token);
                return meeting;
            }, ct);
            if (stored is not null) return stored;
        }

        throw new ConflictException("Meeting busy", $"The meeting of Zeeg event '{zeegEventId}' kept changing; try again.");
    }

    /// <summary>Why the event's host cannot reach Webex now (no connection, disconnected, consent expired), in words
    /// for the Zeeg user; null when the connection is active, or the event is unknown (the change then says so).</summary>
    public static async Task<string?> HostConnectionProblemAsync(
        IMeetingRepository meetings, IConnectionRepository connections, string zeegEventId, CancellationToken ct)
    {
        if (await meetings.FindByZeegEventAsync(zeegEventId, ct) is not { } meeting) return null;
        var connection = await connections.FindByZeegUserAsync(meeting.ZeegUserId, ct);
        return connection?.Status switch
        {
            ConnectionStatus.Active => null,
            null => "the host has no Webex connection.",
            ConnectionStatus.Disconnected => "the host has disconnected Webex.",
            _ => "the host's Webex connection has expired and Webex wants a new consent.",
        };
    }
}
