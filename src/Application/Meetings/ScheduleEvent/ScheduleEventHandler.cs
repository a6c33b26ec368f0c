using Mediator;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings.SyncMeeting;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.ScheduleEvent;

public sealed class ScheduleEventHandler(
    IConnectionRepository connections, IMeetingRepository meetings, IJobScheduler jobs, IOptions<MeetingsOptions> options, TimeProvider time)
    : ICommandHandler<ScheduleEventCommand, ScheduleEventResult>
{
    public async ValueTask<ScheduleEventResult> Handle(ScheduleEventCommand command, CancellationToken cancellationToken)
    {
        var schedule = ToSchedule(command, command.Invitees);
        var existing = await meetings.FindByZeegEventAsync(command.ZeegEventId, cancellationToken);
        if (existing is not null) return Repeat(existing, command, schedule);

        var connection = await connections.FindByZeegUserAsync(command.HostZeegUserId, cancellationToken);
        if (connection is not { Status: ConnectionStatus.Active })
        {
            throw new ConflictException(
                "Host has no active Webex connection",
                connection is null
                    ? $"Zeeg user '{command.HostZeegUserId}' has not connected Webex."
                    : $"Zeeg user '{command.HostZeegUserId}' has to reconnect Webex ({connection.Status}).");
        }

        var meeting = WebexMeeting.Request(command.ZeegEventId, command.HostZeegUserId, schedule, time.GetUtcNow());
        bool admitted;
        try
        {
            // The row is the outbox entry: once it is stored the meeting will be made, even if the job below is lost.
            // Storing it and counting it against Meetings:MaxOutstanding are one transaction with one conditional
            // increment, so the limit is exact however many requests (and service processes) race for the last place.
            admitted = await meetings.TryAddAsync(meeting, options.Value.MaxOutstanding, cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            var winner = await meetings.FindByZeegEventAsync(command.ZeegEventId, cancellationToken)
                ?? throw new InvalidOperationException("A duplicate event disappeared.");
            return Repeat(winner, command, schedule);
        }

        if (!admitted)
        {
            throw new OverloadedException(
                $"{options.Value.MaxOutstanding} meetings are still waiting to reach Webex; this event was not stored. Send it again later.",
                options.Value.OverloadRetryAfter);
        }

        jobs.EnqueueMeetingSync(meeting.Id);
        return new ScheduleEventResult(MeetingView.From(meeting), Accepted: true);
    }

    /// <summary>The validated request as a schedule; invitees keep their order, a repeated address counts once.</summary>
    internal static MeetingSchedule ToSchedule(IEventSchedule e, IReadOnlyList<string>? invitees) =>
        new(e.Title, EventTimes.Resolve(e.Start, e.TimeZone), EventTimes.Resolve(e.End, e.TimeZone), e.TimeZone,
            string.IsNullOrEmpty(e.Agenda) ? null : e.Agenda,
            (invitees ?? []).Select(i => i.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray());

    /// <summary>The same event id again: the same body is a harmless repeat (200); a different one is a conflict,
    /// since a POST must not silently keep or silently change what was scheduled.</summary>
    private static ScheduleEventResult Repeat(WebexMeeting existing, ScheduleEventCommand command, MeetingSchedule schedule)
    {
        if (existing.ZeegUserId != command.HostZeegUserId)
            throw new ConflictException("Event belongs to another host",
                $"Zeeg event '{command.ZeegEventId}' was scheduled for another host; use PUT to change it.");
        var differences = existing.Schedule.DifferencesFrom(schedule);
        if (differences.Count > 0)
            throw new ConflictException("Event already scheduled differently",
                $"Zeeg event '{command.ZeegEventId}' is already scheduled with a different {string.Join(", ", differences)}; use PUT to change it.");
        return new ScheduleEventResult(MeetingView.From(existing), Accepted: false);
    }
}
