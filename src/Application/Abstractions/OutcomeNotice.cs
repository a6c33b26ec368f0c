namespace ZeegWebex.Application.Abstractions;

/// <summary>One outcome webhook for the Zeeg main app, as its outbox row holds it.</summary>
/// <param name="Id">The delivery id: the same on every attempt, so Zeeg can drop a notice it has already processed.</param>
/// <param name="Body">The JSON body exactly as it is sent and signed (it carries <paramref name="Id"/> as <c>deliveryId</c>);
/// empty once delivered.</param>
/// <param name="ZeegUserId">The Zeeg user the notice is about, so erasing their data erases it too.</param>
/// <param name="NextAttemptAt">When it is due next; while an attempt runs, the end of that attempt's lease. Null once
/// delivered or given up.</param>
public sealed record OutcomeNotice(
    Guid Id, string Kind, string? ZeegUserId, string Body, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt, string? LastError)
{
    public static OutcomeNotice New(Guid id, string kind, string? zeegUserId, string body, DateTimeOffset now) =>
        new(id, kind, zeegUserId, body, now, 0, now, null, null);
}
