using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Infrastructure.Jobs;

namespace ZeegWebex.Infrastructure.Notifications;

/// <summary>Delivers outbox notices to the Zeeg main app: claims one (a lease, so two processes never deliver it at
/// the same time), POSTs it signed with its delivery id, and records the outcome; a failure is retried with
/// exponential backoff. Delivery is at least once: a process that dies after Zeeg accepted a notice but before it was
/// marked delivered sends it again once the lease ends, with the same delivery id, so Zeeg can drop the repeat.</summary>
public sealed partial class OutcomeNoticeDispatcher(
    HttpClient http,
    IOutcomeNoticeRepository notices,
    OutcomeDeliveryQueue deliveries,
    IOptions<OutcomeWebhookOptions> options,
    TimeProvider time,
    ILogger<OutcomeNoticeDispatcher> logger)
{
    public const string SignatureHeader = "X-Zeeg-Webex-Signature";
    public const string DeliveryHeader = "X-Zeeg-Webex-Delivery";

    // A run stops after this many batches so one busy run cannot hold the recurring job forever; the next run goes on.
    private const int MaxBatchesPerRun = 20;

    /// <summary>Delivers one notice if it is due and nobody else holds it.</summary>
    public async Task<NoticeDelivery> DeliverAsync(Guid id, CancellationToken ct)
    {
        var settings = options.Value;
        // Without a URL nothing is written; rows from before the URL was removed wait for it to come back.
        if (settings.Url is null) return NoticeDelivery.NotConfigured;
        var owner = Guid.NewGuid();
        var now = time.GetUtcNow();
        OutcomeNotice? notice;
        try
        {
            notice = await notices.TryClaimAsync(id, owner, now, now + settings.DeliveryLease, ct);
        }
        catch (TokenDecryptionException)
        {
            // Claimed, but its body was sealed with a key that has since been removed from the ring: it can never be
            // sent, so it is given up now rather than claimed again after every lease.
            const string unreadable = "The notice was sealed with a token key that is no longer configured.";
            await notices.RecordFailureAsync(id, owner, unreadable, retryAt: null, CancellationToken.None);
            LogGaveUp("unreadable", id, 1, unreadable);
            return NoticeDelivery.Failed;
        }

        if (notice is null)
        {
            await ComeBackIfAlmostDueAsync(id, now, ct);
            return NoticeDelivery.NotDue;
        }

        string failure;
        try
        {
            var status = await PostAsync(notice, settings, ct);
            if (status is >= 200 and < 300)
            {
                // Not the caller's token: Zeeg has the notice, so this must be written even if the job is being stopped.
                await notices.MarkDeliveredAsync(id, owner, time.GetUtcNow(), CancellationToken.None);
                LogDelivered(notice.Kind, id, notice.Attempts);
                return NoticeDelivery.Delivered;
            }

            failure = $"The Zeeg webhook answered {status}.";
        }
        catch (HttpRequestException e)
        {
            failure = $"The Zeeg webhook could not be reached: {e.HttpRequestError}.";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = $"The Zeeg webhook did not answer within {settings.Timeout.TotalSeconds:0.#} s.";
        }

        var retryAt = notice.Attempts >= settings.MaxAttempts ? (DateTimeOffset?)null : time.GetUtcNow() + RetryDelay(notice.Attempts, settings);
        if (!await notices.RecordFailureAsync(id, owner, failure, retryAt, CancellationToken.None)) return NoticeDelivery.Failed;
        if (retryAt is { } at)
        {
            LogRetry(notice.Kind, id, notice.Attempts, failure, at);
            // For promptness only: if this scheduled job is lost, the recurring dispatcher finds the notice due.
            ScheduleDelivery(id, at);
        }
        else
        {
            LogGaveUp(notice.Kind, id, notice.Attempts, failure);
        }

        return NoticeDelivery.Failed;
    }

    /// <summary>Delivers every notice that is due (lost jobs, a restart, notices a dead process held), then purges
    /// delivered ones past their retention.</summary>
    /// <returns>How many were delivered.</returns>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.Url is null) return 0;
        var delivered = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var due = await notices.FindDueAsync(time.GetUtcNow(), settings.BatchSize, ct);
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (id, token) =>
            {
                if (await DeliverAsync(id, token) == NoticeDelivery.Delivered) Interlocked.Increment(ref delivered);
            });
            // Every notice of the batch left the due range (delivered, retried later, or claimed by someone else).
            if (due.Count < settings.BatchSize) break;
        }

        var purged = await notices.PurgeDeliveredAsync(time.GetUtcNow() - settings.DeliveredRetention, ct);
        if (purged > 0) LogPurged(purged);
        return delivered;
    }

    /// <summary>Delayed jobs keep whole seconds, so one may start a moment before its notice is due again; it then
    /// comes back once the notice is due instead of leaving it to the next recurring run.</summary>
    private async Task ComeBackIfAlmostDueAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        OutcomeNotice? notice;
        try
        {
            notice = await notices.FindAsync(id, ct);
        }
        catch (TokenDecryptionException)
        {
            return;
        }

        if (notice is { DeliveredAt: null, NextAttemptAt: { } dueAt } && dueAt > now && dueAt - now <= EarlyStartTolerance)
            ScheduleDelivery(id, dueAt);
    }

    private static readonly TimeSpan EarlyStartTolerance = TimeSpan.FromSeconds(2);

    // Rounded up to the next whole second, so the job never starts before the notice is due.
    private void ScheduleDelivery(Guid id, DateTimeOffset at)
    {
        var ticksIntoSecond = at.UtcTicks % TimeSpan.TicksPerSecond;
        var whole = ticksIntoSecond == 0 ? at : at.AddTicks(TimeSpan.TicksPerSecond - ticksIntoSecond);
        deliveries.Schedule(id, whole);
    }

    private async Task<int> PostAsync(OutcomeNotice notice, OutcomeWebhookOptions settings, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new StringContent(notice.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(DeliveryHeader, notice.Id.ToString("D"));
        if (!string.IsNullOrEmpty(settings.Secret))
            request.Headers.Add(SignatureHeader, "sha256=" + Sign(notice.Body, settings.Secret));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        using var response = await http.SendAsync(request, timeout.Token);
        return (int)response.StatusCode;
    }

    public static string Sign(string body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Exponential backoff with jitter, so a Zeeg outage is not met with a synchronised burst on its return.</summary>
    internal static TimeSpan RetryDelay(int attempts, OutcomeWebhookOptions settings)
    {
        var exponential = settings.RetryBaseDelay * Math.Pow(2, Math.Min(30, Math.Max(0, attempts - 1)));
        var capped = exponential > settings.RetryMaxDelay ? settings.RetryMaxDelay : exponential;
        return capped * (0.8 + Random.Shared.NextDouble() * 0.4);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {Kind} notice {DeliveryId} to Zeeg (attempt {Attempt})")]
    private partial void LogDelivered(string kind, Guid deliveryId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {Kind} notice {DeliveryId} to Zeeg failed (attempt {Attempt}): {Failure}; retrying at {RetryAt}")]
    private partial void LogRetry(string kind, Guid deliveryId, int attempt, string failure, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up delivering {Kind} notice {DeliveryId} to Zeeg after {Attempts} attempts: {Failure}")]
    private partial void LogGaveUp(string kind, Guid deliveryId, int attempts, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} delivered outcome notices past their retention")]
    private partial void LogPurged(int count);
}
