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
        // A new event costs one read (the host's connection) and one write; a repeated one is recognised by its key,
        // in every outcome that refuses or fails to store it (see RepeatOrAsync).
        var connection = await connections.FindByZeegUserAsync(command.HostZeegUserId, cancellationToken);
        if (connection is not { Status: ConnectionStatus.Active })
        {
            return await RepeatOrAsync(command, schedule, new ConflictException(
                "Host has no active Webex connection",
                connection is null
                    ? $"Zeeg user '{command.HostZeegUserId}' has not connected Webex."
                    : $"Zeeg user '{command.HostZeegUserId}' has to reconnect Webex ({connection.Status})."), cancellationToken);
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
            return await RepeatOrAsync(command, schedule, new InvalidOperationException("A duplicate event disappeared."), cancellationToken);
        }

        if (!admitted)
        {
            return await RepeatOrAsync(command, schedule, new OverloadedException(
                $"{options.Value.MaxOutstanding} meetings are still waiting to reach Webex; this event was not stored. Send it again later.",
                options.Value.OverloadRetryAfter), cancellationToken);
        }

        var view = MeetingView.From(meeting);
        jobs.EnqueueMeetingSync(meeting);
        return new ScheduleEventResult(view, Accepted: true);
    }

    /// <summary>The validated request as a schedule; invitees keep their order, a repeated address counts once.</summary>
    internal static MeetingSchedule ToSchedule(IEventSchedule e, IReadOnlyList<string>? invitees) =>
        new(e.Title, EventTimes.Resolve(e.Start, e.TimeZone), EventTimes.Resolve(e.End, e.TimeZone), e.TimeZone,
            string.IsNullOrEmpty(e.Agenda) ? null : e.Agenda,
            (invitees ?? []).Select(i => i.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray());

    /// <summary>The event as already stored answers a repeated POST, whatever else stands in the way of storing it
    /// anew (the host disconnected since, the backlog is full); only an event never stored meets <paramref name="refusal"/>.</summary>
    private async Task<ScheduleEventResult> RepeatOrAsync(ScheduleEventCommand command, MeetingSchedule schedule, Exception refusal, CancellationToken ct) =>
        await meetings.FindByZeegEventAsync(command.ZeegEventId, ct) is { } existing ? Repeat(existing, command, schedule) : throw refusal;

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
