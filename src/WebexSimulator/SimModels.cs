namespace ZeegWebex.WebexSimulator;

public sealed record SimPerson(
    string Id,
    string Email,
    string DisplayName,
    string NickName,
    string FirstName,
    string LastName,
    string OrgId,
    string Timezone,
    DateTimeOffset Created);

public sealed record SimMeeting
{
    public required string Id { get; init; }

    public required string MeetingNumber { get; init; }

    public required string Title { get; init; }

    public string Agenda { get; init; } = "";

    public required string Password { get; init; }

    /// <summary>Numeric password for phones and video systems.</summary>
    public required string PhoneAndVideoSystemPassword { get; init; }

    public required string Timezone { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    public required string HostUserId { get; init; }

    public required string HostEmail { get; init; }

    public required string HostDisplayName { get; init; }

    /// <summary>The integration that created the meeting; Webex keeps integration tags private to it.</summary>
    public required string ClientId { get; init; }

    public IReadOnlyList<string> IntegrationTags { get; init; } = [];

    public required string HostKey { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DateTimeOffset? Updated { get; init; }

    public bool Deleted { get; init; }
}

public enum SimFaultKind
{
    /// <summary>Answer the status without doing the operation.</summary>
    Status,

    /// <summary>Wait DelayMs, then do the operation normally.</summary>
    Latency,

    /// <summary>Do the operation, then answer the status instead of its result: "outcome unknown".</summary>
    StatusAfterProcessing,
}

/// <summary>A planned misbehaviour for calls to <paramref name="Operation"/> ("*" for all).
/// <paramref name="Times"/> is how many matching calls it affects; zero or less means every call.</summary>
public sealed record SimFault(
    string Operation,
    SimFaultKind Kind,
    int Status = StatusCodes.Status500InternalServerError,
    int? RetryAfterSeconds = null,
    int DelayMs = 0,
    int Times = 1);

public sealed record SimIssuedTokens(string AccessToken, long ExpiresIn, string RefreshToken, long RefreshTokenExpiresIn);

public static class SimOperations
{
    public const string Authorize = "authorize";
    public const string AuthorizeDecision = "authorize.decision";
    public const string TokenAuthorizationCode = "token.authorization_code";
    public const string TokenRefresh = "token.refresh_token";
    public const string TokenUnknownGrant = "token";
    public const string PeopleMe = "people.me";
    public const string MeetingsCreate = "meetings.create";
    public const string MeetingsGet = "meetings.get";
    public const string MeetingsUpdate = "meetings.update";
    public const string MeetingsDelete = "meetings.delete";
    public const string MeetingsList = "meetings.list";
    public const string InviteesCreate = "meetingInvitees.create";
    public const string InviteesList = "meetingInvitees.list";
    public const string InviteesGet = "meetingInvitees.get";
    public const string InviteesDelete = "meetingInvitees.delete";
}

public static class WebexScopes
{
    public const string PeopleRead = "spark:people_read";
    public const string SchedulesRead = "meeting:schedules_read";
    public const string SchedulesWrite = "meeting:schedules_write";

    internal static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PeopleRead] = "Read your company directory",
        [SchedulesRead] = "Retrieve your Webex meeting schedules",
        [SchedulesWrite] = "Create, update and delete your Webex meeting schedules",
        ["meeting:recordings_read"] = "Retrieve your Webex meeting recordings",
        ["meeting:preferences_read"] = "Retrieve your Webex meeting preferences",
        ["meeting:participants_read"] = "Retrieve the participants of your Webex meetings",
        ["spark:all"] = "Full access to your Webex account",
        ["spark:kms"] = "Access to the encryption keys of your content",
        ["spark:rooms_read"] = "List the titles of rooms that you're in",
        ["spark:messages_write"] = "Post and delete messages on your behalf",
    };
}

internal sealed record ConsentRequest(
    string ClientId,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string State,
    string? CodeChallenge,
    DateTimeOffset ExpiresAt);

internal sealed record AuthorizationCode(
    string Code,
    string PersonId,
    string ClientId,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string? CodeChallenge,
    DateTimeOffset ExpiresAt);

/// <param name="refreshToken">The refresh grant it was issued from: revoking that grant kills this token too.</param>
internal sealed class AccessGrant(string token, string refreshToken, string personId, string clientId, IReadOnlyList<string> scopes, DateTimeOffset expiresAt)
{
    public string Token { get; } = token;

    public string RefreshToken { get; } = refreshToken;

    public string PersonId { get; } = personId;

    public string ClientId { get; } = clientId;

    public IReadOnlyList<string> Scopes { get; } = scopes;

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
}

internal sealed class RefreshGrant(string token, string personId, string clientId, IReadOnlyList<string> scopes, DateTimeOffset expiresAt, DateTimeOffset lastRefreshedAt)
{
    public string Token { get; } = token;

    public string PersonId { get; } = personId;

    public string ClientId { get; } = clientId;

    public IReadOnlyList<string> Scopes { get; } = scopes;

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

    /// <summary>When this grant last truly issued tokens (consent or a refresh that made a new access token).</summary>
    public DateTimeOffset LastRefreshedAt { get; set; } = lastRefreshedAt;

    /// <summary>The access token issued last from this grant: what a refresh within the renewal interval hands back.</summary>
    public string AccessToken { get; set; } = "";

    public bool Revoked { get; set; }

    /// <summary>Real refreshes only; a refresh answered with the unchanged values is not counted.</summary>
    public int TimesUsed { get; set; }
}

internal sealed record TokenOutcome(SimIssuedTokens? Tokens, int Status = StatusCodes.Status200OK, string? Error = null, string? Description = null)
{
    public static TokenOutcome Fail(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        new(null, status, error, description);
}

internal sealed record MeetingDraft(
    string Title,
    string Agenda,
    string? Password,
    string Timezone,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<string> IntegrationTags);

internal sealed record InviteeDraft(string Email, string? DisplayName, bool CoHost, bool Panelist);
