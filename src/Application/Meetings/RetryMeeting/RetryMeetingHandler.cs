using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.RetryMeeting;

public sealed class RetryMeetingHandler(
    IMeetingRepository meetings, IConnectionRepository connections, IJobScheduler jobs, TimeProvider time)
    : ICommandHandler<RetryMeetingCommand, MeetingView>
{
    public async ValueTask<MeetingView> Handle(RetryMeetingCommand command, CancellationToken cancellationToken)
    {
        var problem = await MeetingChange.HostConnectionProblemAsync(meetings, connections, command.ZeegEventId, cancellationToken);
        var meeting = await MeetingChange.ApplyAsync(meetings, command.ZeegEventId, m =>
        {
            if (m.Status != MeetingStatus.Failed)
                throw new ConflictException("Meeting has not failed",
                    $"Only a Failed meeting can be retried; the meeting of Zeeg event '{command.ZeegEventId}' is {m.Status}.");
            // Each of these would fail again at once: say why now, and change nothing.
            if (problem is not null)
                throw new ConflictException("Host has no active Webex connection",
                    $"The meeting of Zeeg event '{command.ZeegEventId}' cannot be retried: {problem} The host has to reconnect Webex first.");
            var now = time.GetUtcNow();
            if (m.Location is null && m.Schedule.Start <= now)
                throw new ConflictException("Event has started",
                    $"Zeeg event '{command.ZeegEventId}' has started, and Webex does not schedule meetings in the past; use PUT to move it.");
            m.Retry(now);
        }, cancellationToken);
        jobs.EnqueueMeetingSync(meeting.Id);
        return MeetingView.From(meeting);
    }
}
