using System.Text.Json.Serialization;

namespace ZeegWebex.Infrastructure.Webex;

// Webex's wire format, kept here so no other layer sees it (webex-contract.md).
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("refresh_token_expires_in")] long RefreshTokenExpiresIn);

internal sealed record TokenError(
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);

internal sealed record ApiError(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("errors")] ApiErrorDetail[]? Errors,
    [property: JsonPropertyName("trackingId")] string? TrackingId);

internal sealed record ApiErrorDetail([property: JsonPropertyName("description")] string? Description);

internal sealed record PersonJson(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("emails")] string[]? Emails,
    [property: JsonPropertyName("displayName")] string? DisplayName,
    [property: JsonPropertyName("orgId")] string? OrgId);

internal sealed record MeetingJson(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("meetingNumber")] string? MeetingNumber,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("phoneAndVideoSystemPassword")] string? PhoneAndVideoSystemPassword,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("timezone")] string? Timezone,
    [property: JsonPropertyName("start")] DateTimeOffset Start,
    [property: JsonPropertyName("end")] DateTimeOffset End,
    [property: JsonPropertyName("webLink")] string? WebLink,
    [property: JsonPropertyName("sipAddress")] string? SipAddress,
    [property: JsonPropertyName("hostKey")] string? HostKey,
    [property: JsonPropertyName("telephony")] TelephonyJson? Telephony,
    [property: JsonPropertyName("integrationTags")] string[]? IntegrationTags);

internal sealed record TelephonyJson(
    [property: JsonPropertyName("accessCode")] string? AccessCode,
    [property: JsonPropertyName("callInNumbers")] CallInNumberJson[]? CallInNumbers);

internal sealed record CallInNumberJson(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("callInNumber")] string? CallInNumber,
    [property: JsonPropertyName("tollType")] string? TollType);

internal sealed record ListJson<T>([property: JsonPropertyName("items")] T[]? Items);

internal sealed record MeetingCreateJson(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("end")] string End,
    [property: JsonPropertyName("timezone")] string Timezone,
    [property: JsonPropertyName("agenda"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Agenda,
    [property: JsonPropertyName("integrationTags")] string[] IntegrationTags,
    [property: JsonPropertyName("invitees"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] InviteeJson[]? Invitees,
    [property: JsonPropertyName("sendEmail")] bool SendEmail);

internal sealed record MeetingUpdateJson(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("agenda")] string Agenda,
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("end")] string End,
    [property: JsonPropertyName("timezone")] string Timezone,
    [property: JsonPropertyName("sendEmail")] bool SendEmail);

internal sealed record InviteeJson([property: JsonPropertyName("email")] string Email);

internal sealed record InviteeReadJson(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("email")] string? Email);

internal sealed record InviteeWriteJson(
    [property: JsonPropertyName("meetingId")] string MeetingId,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("sendEmail")] bool SendEmail);
