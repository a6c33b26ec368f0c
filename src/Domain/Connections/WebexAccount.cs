namespace ZeegWebex.Domain.Connections;

/// <summary>Who the Zeeg user is at Webex, as <c>people/me</c> tells it.</summary>
public sealed record WebexAccount(string PersonId, string Email, string DisplayName, string? OrgId);
