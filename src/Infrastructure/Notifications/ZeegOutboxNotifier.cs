using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Meetings;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.Infrastructure.Jobs;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.Infrastructure.Notifications;

/// <summary>Writes each outcome notice into the outbox inside the caller's unit of work, so the notice exists exactly
/// when the change it announces was committed; once committed, a delivery job is queued for promptness. The job may be
/// lost (in-memory job storage, a crash): the recurring dispatcher delivers whatever is still due.</summary>
public sealed partial class ZeegOutboxNotifier(
    IOutcomeNoticeRepository notices,
    IDbConnectionFactory connections,
    OutcomeDeliveryQueue deliveries,
    IOptions<OutcomeWebhookOptions> options,
    TimeProvider time,
    ILogger<ZeegOutboxNotifier> logger) : IZeegNotifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task MeetingChangedAsync(WebexMeeting meeting, CancellationToken ct)
    {
        var kind = meeting.Status switch
        {
            MeetingStatus.Created => "meeting.created",
            MeetingStatus.Failed => "meeting.failed",
            MeetingStatus.Cancelled => "meeting.cancelled",
            // The host's connection is gone: the Webex meeting was left as it was until they reconnect.
            MeetingStatus.CancelNotDelivered => "meeting.cancel_not_delivered",
            MeetingStatus.ChangeNotDelivered => "meeting.change_not_delivered",
            _ => null,
        };
        return kind is null
            ? Task.CompletedTask
            : WriteAsync(kind, meeting.ZeegUserId, (id, at) => new { deliveryId = id, kind, occurredAt = at, meeting = MeetingView.From(meeting) }, ct);
    }

    public Task ConnectionNeedsReauthorizationAsync(string zeegUserId, string reason, CancellationToken ct)
    {
        const string kind = "connection.reauthorization_required";
        return WriteAsync(kind, zeegUserId, (id, at) => new { deliveryId = id, kind, occurredAt = at, zeegUserId, reason }, ct);
    }

    public Task ConnectionReconnectSoonAsync(string zeegUserId, DateTimeOffset refreshTokenExpiresAt, CancellationToken ct)
    {
        const string kind = "connection.reconnect_soon";
        return WriteAsync(kind, zeegUserId, (id, at) => new
        {
            deliveryId = id,
            kind,
            occurredAt = at,
            zeegUserId,
            refreshTokenExpiresAt,
            reason = "Webex no longer extends this connection's refresh token; the user has to reconnect Webex before it ends.",
        }, ct);
    }

    private async Task WriteAsync<T>(string kind, string zeegUserId, Func<Guid, DateTimeOffset, T> payload, CancellationToken ct)
    {
        // A notice written outside the change's transaction could announce a change that then rolls back, or be lost
        // when the process dies between the two: refuse it, so a caller that forgot the unit of work fails in tests.
        var session = DbSession.Current(connections) ?? throw new InvalidOperationException(
            "An outcome notice must be written inside IUnitOfWork.RunAsync, in the transaction of the change it announces.");
        if (options.Value.Url is null) return;

        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        var body = JsonSerializer.Serialize(payload(id, now), Json);
        await notices.AddAsync(OutcomeNotice.New(id, kind, zeegUserId, body, now), ct);
        session.AfterCommit(() =>
        {
            try
            {
                deliveries.Enqueue(id);
            }
            catch (Exception e)
            {
                // The notice is committed; the recurring dispatcher delivers it without this job.
                LogEnqueueFailed(e, kind, id);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue the delivery of {Kind} notice {DeliveryId}; the recurring dispatcher will deliver it")]
    private partial void LogEnqueueFailed(Exception exception, string kind, Guid deliveryId);
}
