using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings;

/// <summary>Applies a Zeeg user's change to a stored meeting (<see cref="OptimisticUpdate"/>), found by its Zeeg event.</summary>
internal static class MeetingChange
{
    public static Task<WebexMeeting> ApplyAsync(
        IMeetingRepository meetings, string zeegEventId, Action<WebexMeeting> change, CancellationToken ct) =>
        ApplyAsync(meetings, null, zeegEventId, change, null, ct);

    /// <summary>The same, with the change and what it announces (<paramref name="announce"/>: outcome notices) stored in
    /// one transaction, so Zeeg hears of exactly the change that was committed.</summary>
    public static async Task<WebexMeeting> ApplyAsync(
        IMeetingRepository meetings, IUnitOfWork? unitOfWork, string zeegEventId, Action<WebexMeeting> change,
        Func<WebexMeeting, CancellationToken, Task>? announce, CancellationToken ct)
    {
        var result = await OptimisticUpdate.ApplyAsync(
            meetings, token => meetings.FindByZeegEventAsync(zeegEventId, token), meeting =>
            {
                change(meeting);
                return true;
            }, ct, unitOfWork, announce);
        return result.Status switch
        {
            OptimisticUpdateStatus.Written => result.Row!,
            OptimisticUpdateStatus.NotFound => throw new NotFoundException($"No meeting is known for Zeeg event '{zeegEventId}'."),
            _ => throw new ConflictException("Meeting busy", $"The meeting of Zeeg event '{zeegEventId}' kept changing; try again."),
        };
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
