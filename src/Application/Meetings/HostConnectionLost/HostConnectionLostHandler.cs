using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.Tokens;

namespace ZeegWebex.Application.Meetings.HostConnectionLost;

/// <summary>What waits for a host's connection cannot reach Webex once the connection needs a new consent: meetings not
/// yet made fail, cancellations and changes wait for the reconnect (<see cref="Domain.Meetings.WebexMeeting.MarkNotDelivered"/>),
/// each with a reason the user can act on.</summary>
public sealed class HostConnectionLostHandler(IMeetingRepository meetings, IUnitOfWork unitOfWork, IZeegNotifier notifier)
    : INotificationHandler<ConnectionReauthorizationRequired>
{
    public const string Reason = "The host's Webex connection has expired; they need to reconnect Webex in Zeeg.";

    public async ValueTask Handle(ConnectionReauthorizationRequired notification, CancellationToken cancellationToken)
    {
        // Each meeting in its own short transaction with its notice, so one busy row does not hold the others back.
        foreach (var meetingId in await meetings.FindOutstandingForUserAsync(notification.ZeegUserId, cancellationToken))
        {
            await OptimisticUpdate.ApplyAsync(meetings, token => meetings.FindAsync(meetingId, token), meeting =>
            {
                if (!meeting.SyncPending) return false;
                meeting.MarkNotDelivered(Reason, notification.At);
                return true;
            }, cancellationToken, unitOfWork, notifier.MeetingChangedAsync, attempts: 3);
        }
    }
}
