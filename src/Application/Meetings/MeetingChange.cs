using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
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
}
