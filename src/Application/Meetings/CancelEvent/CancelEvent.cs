using FluentValidation;
using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.CancelEvent;

/// <summary>The Zeeg event was cancelled: the Webex meeting is deleted.</summary>
public sealed record CancelEventCommand(string ZeegEventId) : ICommand<MeetingView>;

public sealed class CancelEventHandler(IMeetingRepository meetings, IJobScheduler jobs, TimeProvider time)
    : ICommandHandler<CancelEventCommand, MeetingView>
{
    public async ValueTask<MeetingView> Handle(CancelEventCommand command, CancellationToken cancellationToken)
    {
        var meeting = await MeetingChange.ApplyAsync(meetings, command.ZeegEventId, m => m.Cancel(time.GetUtcNow()), cancellationToken);
        if (meeting.SyncPending) jobs.EnqueueMeetingSync(meeting.Id);
        return MeetingView.From(meeting);
    }
}

public sealed class CancelEventValidator : AbstractValidator<CancelEventCommand>
{
    public CancelEventValidator() => RuleFor(c => c.ZeegEventId).MustBeZeegId();
}
