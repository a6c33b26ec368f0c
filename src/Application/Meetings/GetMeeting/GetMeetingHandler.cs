using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.GetMeeting;

public sealed class GetMeetingHandler(IMeetingRepository meetings) : IQueryHandler<GetMeetingQuery, MeetingView>
{
    public async ValueTask<MeetingView> Handle(GetMeetingQuery query, CancellationToken cancellationToken)
    {
        var meeting = await meetings.FindByZeegEventAsync(query.ZeegEventId, cancellationToken)
            ?? throw new NotFoundException($"No meeting is known for Zeeg event '{query.ZeegEventId}'.");
        return MeetingView.From(meeting);
    }
}
