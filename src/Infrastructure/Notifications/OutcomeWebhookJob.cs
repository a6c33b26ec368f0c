using System.ComponentModel;
using System.Text.Json.Nodes;
using Hangfire;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Infrastructure.Jobs;

namespace ZeegWebex.Infrastructure.Notifications;

/// <summary>Versions before the outbox queued each notice as a Hangfire job of this name and signature. Jobs still in a
/// persistent job storage when such a version is replaced run here: each notice moves into the outbox (with a delivery
/// id added to its body) and is delivered from there like any other. Nothing queues this job any more.</summary>
public sealed class OutcomeWebhookJob(IOutcomeNoticeRepository notices, OutcomeDeliveryQueue deliveries, TimeProvider time)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 300])]
    [DisplayName("Notify Zeeg: {0} (queued before the outbox)")]
    public async Task SendAsync(string kind, string body, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var payload = JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"A queued {kind} notice has no JSON object body.");
        payload["deliveryId"] = id.ToString("D");
        // Meeting notices name the user inside the meeting, connection notices at the top.
        var zeegUserId = (payload["meeting"]?["hostZeegUserId"] ?? payload["zeegUserId"])?.GetValue<string>();
        await notices.AddAsync(OutcomeNotice.New(id, kind, zeegUserId, payload.ToJsonString(), time.GetUtcNow()), cancellationToken);
        deliveries.Enqueue(id);
    }
}
