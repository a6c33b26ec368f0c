using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Meetings;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Infrastructure.Notifications;

/// <summary>Queues the outcome webhook as a Hangfire job, so a Zeeg outage delays the notice but never loses it.</summary>
public sealed class OutcomeWebhookNotifier(IBackgroundJobClient jobs, IOptions<OutcomeWebhookOptions> options) : IMeetingOutcomeNotifier
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
        if (kind is not null) Enqueue(kind, new { kind, meeting = MeetingView.From(meeting) });
        return Task.CompletedTask;
    }

    public Task ConnectionNeedsReauthorizationAsync(string zeegUserId, string reason, CancellationToken ct)
    {
        Enqueue("connection.reauthorization_required", new { kind = "connection.reauthorization_required", zeegUserId, reason });
        return Task.CompletedTask;
    }

    public Task ConnectionReconnectSoonAsync(string zeegUserId, DateTimeOffset refreshTokenExpiresAt, CancellationToken ct)
    {
        const string kind = "connection.reconnect_soon";
        Enqueue(kind, new
        {
            kind,
            zeegUserId,
            refreshTokenExpiresAt,
            reason = "Webex no longer extends this connection's refresh token; the user has to reconnect Webex before it ends.",
        });
        return Task.CompletedTask;
    }

    private void Enqueue(string kind, object payload)
    {
        if (options.Value.Url is null) return;
        var body = JsonSerializer.Serialize(payload, Json);
        jobs.Enqueue<OutcomeWebhookJob>(job => job.SendAsync(kind, body, CancellationToken.None));
    }
}

/// <summary>POSTs one outcome to the Zeeg main app, signed; Hangfire retries it with its own backoff on failure.</summary>
public sealed partial class OutcomeWebhookJob(HttpClient http, IOptions<OutcomeWebhookOptions> options, ILogger<OutcomeWebhookJob> logger)
{
    public const string SignatureHeader = "X-Zeeg-Webex-Signature";

    // Quick first retries for a blip, then spaced out over about a day for a longer Zeeg outage.
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [5, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200])]
    [DisplayName("Notify Zeeg: {0}")]
    public async Task SendAsync(string kind, string body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Url is null) return;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(settings.Secret))
            request.Headers.Add(SignatureHeader, "sha256=" + Sign(body, settings.Secret));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        using var response = await http.SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            LogRefused(kind, (int)response.StatusCode);
            throw new HttpRequestException($"The Zeeg webhook answered {(int)response.StatusCode} to {kind}.");
        }
    }

    public static string Sign(string body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Zeeg webhook refused {Kind} with {StatusCode}; Hangfire will retry")]
    private partial void LogRefused(string kind, int statusCode);
}
