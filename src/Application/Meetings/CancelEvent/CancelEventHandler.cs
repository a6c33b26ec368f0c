using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.CancelEvent;

public sealed class CancelEventHandler(
    IMeetingRepository meetings, IConnectionRepository connections, IJobScheduler jobs, IZeegNotifier notifier, IUnitOfWork unitOfWork, TimeProvider time)
    : ICommandHandler<CancelEventCommand, MeetingView>
{
    public async ValueTask<MeetingView> Handle(CancelEventCommand command, CancellationToken cancellationToken)
    {
        var problem = await MeetingChange.HostConnectionProblemAsync(meetings, connections, command.ZeegEventId, cancellationToken);
        var notDelivered = false;
        var meeting = await MeetingChange.ApplyAsync(meetings, unitOfWork, command.ZeegEventId, m =>
        {
            var now = time.GetUtcNow();
            m.Cancel(now);
            notDelivered = false;
            if (problem is null || !m.SyncPending) return;
            m.MarkNotDelivered(
                $"The Webex meeting could not be deleted: {problem} It stays at Webex and can still be joined; " +
                "it is deleted once the host reconnects Webex.", now);
            notDelivered = m.Status == MeetingStatus.CancelNotDelivered;
        }, async (stored, token) =>
        {
            if (notDelivered) await notifier.MeetingChangedAsync(stored, token);
        }, cancellationToken);
        if (meeting.SyncPending) jobs.EnqueueMeetingSync(meeting.Id);
        return MeetingView.From(meeting);
    }
}
