using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.GetMeetingHost;

public sealed class GetMeetingHostHandler(IMeetingRepository meetings) : IQueryHandler<GetMeetingHostQuery, MeetingHostView>
{
    public async ValueTask<MeetingHostView> Handle(GetMeetingHostQuery query, CancellationToken cancellationToken)
    {
        var meeting = await meetings.FindByZeegEventAsync(query.ZeegEventId, cancellationToken)
            ?? throw new NotFoundException($"No meeting is known for Zeeg event '{query.ZeegEventId}'.");
        // The same rule as the location: a cancelled meeting shows nothing to join, and nothing to host.
        if (meeting.Location is null || meeting.Status == MeetingStatus.Cancelled)
            throw new NotFoundException($"The meeting of Zeeg event '{query.ZeegEventId}' is {meeting.Status} and has no Webex meeting to host.");
        return new MeetingHostView(meeting.ZeegEventId, meeting.ZeegUserId, meeting.Location.WebexMeetingId, meeting.Location.HostKey);
    }
}
