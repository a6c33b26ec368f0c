namespace ZeegWebex.WebexSimulator;

/// <summary>An email Webex would have sent because a request left <c>sendEmail</c> at its default
/// of true. One per recipient, so a test can see exactly who a client spammed.</summary>
public sealed record SimEmail(
    string Recipient,
    SimEmailKind Kind,
    string MeetingId,
    string MeetingTitle,
    DateTimeOffset SentAt);
