using FluentValidation;
using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings.ScheduleEvent;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.RescheduleEvent;

/// <summary>The Zeeg event moved or was renamed: the Webex meeting follows.</summary>
public sealed record RescheduleEventCommand(
    string ZeegEventId, string Title, string? Start, string? End, string TimeZone, string? Agenda,
    IReadOnlyList<string>? Invitees) : ICommand<MeetingView>, IEventSchedule;

public sealed class RescheduleEventHandler(IMeetingRepository meetings, IJobScheduler jobs, TimeProvider time)
    : ICommandHandler<RescheduleEventCommand, MeetingView>
{
    public async ValueTask<MeetingView> Handle(RescheduleEventCommand command, CancellationToken cancellationToken)
    {
        var schedule = ScheduleEventHandler.ToSchedule(command, command.Invitees);
        var unchanged = false;
        var meeting = await MeetingChange.ApplyAsync(meetings, command.ZeegEventId, m =>
        {
            if (m.Status == MeetingStatus.Cancelled)
                throw new ConflictException("Event is cancelled", $"Zeeg event '{command.ZeegEventId}' was cancelled and cannot be rescheduled.");
            // The same schedule again (a retried PUT) is not a change: Webex is not asked to update anything.
            unchanged = m.Schedule == schedule && m.Status != MeetingStatus.Failed;
            if (!unchanged) m.Reschedule(schedule, time.GetUtcNow());
        }, cancellationToken);
        if (!unchanged) jobs.EnqueueMeetingSync(meeting.Id);
        return MeetingView.From(meeting);
    }
}

public sealed class RescheduleEventValidator : AbstractValidator<RescheduleEventCommand>
{
    public RescheduleEventValidator(TimeProvider time)
    {
        RuleFor(c => c.ZeegEventId).MustBeZeegId();
        this.AddScheduleRules(time);
        RuleFor(c => c.Invitees).Must(i => i is null || i.Count <= 100).WithMessage("At most 100 invitees.");
        RuleForEach(c => c.Invitees).NotEmpty().MaximumLength(254).EmailAddress();
    }
}
