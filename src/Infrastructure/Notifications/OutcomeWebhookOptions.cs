namespace ZeegWebex.Infrastructure.Notifications;

public sealed class OutcomeWebhookOptions
{
    public const string Section = "OutcomeWebhook";

    /// <summary>Where the Zeeg main app wants to hear about meeting outcomes; no URL, no webhook.</summary>
    public Uri? Url { get; set; }

    /// <summary>Shared secret for the HMAC-SHA256 signature over the body.</summary>
    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
