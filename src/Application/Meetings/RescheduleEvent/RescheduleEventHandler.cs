using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings.ScheduleEvent;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.RescheduleEvent;

public sealed class RescheduleEventHandler(
    IMeetingRepository meetings, IConnectionRepository connections, IJobScheduler jobs, IZeegNotifier notifier, IUnitOfWork unitOfWork, TimeProvider time)
    : ICommandHandler<RescheduleEventCommand, MeetingView>
{
    public async ValueTask<MeetingView> Handle(RescheduleEventCommand command, CancellationToken cancellationToken)
    {
        var schedule = ScheduleEventHandler.ToSchedule(command, command.Invitees);
        var problem = await MeetingChange.HostConnectionProblemAsync(meetings, connections, command.ZeegEventId, cancellationToken);
        var unchanged = false;
        var notDelivered = false;
        var meeting = await MeetingChange.ApplyAsync(meetings, unitOfWork, command.ZeegEventId, m =>
        {
            if (m.IsCancelled)
                throw new ConflictException("Event is cancelled", $"Zeeg event '{command.ZeegEventId}' was cancelled and cannot be rescheduled.");
            // The same schedule again (a retried PUT) is not a change: Webex is not asked to update anything.
            unchanged = m.Schedule == schedule && m.Status != MeetingStatus.Failed;
            notDelivered = false;
            if (unchanged) return;
            var now = time.GetUtcNow();
            m.Reschedule(schedule, now);
            // Only a meeting Webex has made can be left behind; one still being made fails in its job as before.
            if (problem is null || m.Status != MeetingStatus.Created) return;
            m.MarkNotDelivered(
                $"The Webex meeting could not be updated: {problem} It keeps its earlier title, times and invitees; " +
                "it is updated once the host reconnects Webex.", now);
            notDelivered = true;
        }, async (stored, token) =>
        {
            if (notDelivered) await notifier.MeetingChangedAsync(stored, token);
        }, cancellationToken);
        if (meeting.SyncPending && !unchanged) jobs.EnqueueMeetingSync(meeting.Id);
        return MeetingView.From(meeting);
    }
}
