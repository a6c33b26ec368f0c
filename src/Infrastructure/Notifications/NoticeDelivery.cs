namespace ZeegWebex.Infrastructure.Notifications;

/// <summary>What one delivery attempt of an outcome notice came to.</summary>
public enum NoticeDelivery
{
    Delivered,
    Failed,

    /// <summary>Delivered or given up already, or another attempt (maybe in another process) holds it.</summary>
    NotDue,

    /// <summary>No OutcomeWebhook:Url is set.</summary>
    NotConfigured,
}
