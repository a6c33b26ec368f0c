using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>The Webex REST adapter: OAuth token calls and the API as the signed-in user (webex-contract.md).
/// Every failure becomes a <see cref="WebexException"/> that says whether a retry can help and carries Webex's
/// trackingId; request and response bodies that hold tokens are never logged.</summary>
/// <param name="server">Where the service listens, for a redirect URI that follows the bound port
/// (<see cref="OAuthRedirect"/>); a host without a server has none.</param>
public sealed partial class WebexClient(HttpClient http, IOptions<WebexOptions> options, ILogger<WebexClient> logger, IServer? server = null)
    : IWebexOAuth, IWebexApi
{
    private readonly WebexOptions _options = options.Value;

    public Uri BuildAuthorizeUrl(string state, string codeChallenge)
    {
        var query = new Dictionary<string, string>
        {
            ["client_id"] = _options.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = WebexScopes.AsParameter,
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        };
        var encoded = string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        return new Uri(_options.BaseUrl, "authorize?" + encoded);
    }

    public Task<WebexTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct) =>
        RequestTokensAsync("authorization_code", new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = codeVerifier,
        }, ct);

    public Task<WebexTokens> RefreshAsync(string refreshToken, CancellationToken ct) =>
        RequestTokensAsync("refresh_token", new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
            ["refresh_token"] = refreshToken,
        }, ct);

    public async Task<WebexAccount> GetMeAsync(string accessToken, CancellationToken ct)
    {
        var person = await SendAsync<PersonJson>(HttpMethod.Get, "people/me", accessToken, null, "people.me", ct);
        if (string.IsNullOrEmpty(person?.Id))
            throw new WebexException("Webex answered people/me without a person id.", 200, null, isTransient: false);
        var email = person.Emails?.FirstOrDefault() ?? "";
        return new WebexAccount(person.Id, email, person.DisplayName ?? email, person.OrgId);
    }

    public async Task<WebexMeetingDetails> CreateMeetingAsync(string accessToken, WebexMeetingRequest request, CancellationToken ct) =>
        ToDetails(await SendAsync<MeetingJson>(HttpMethod.Post, "meetings", accessToken, ToCreateJson(request), "meetings.create", ct));

    public async Task<WebexMeetingDetails?> GetMeetingAsync(string accessToken, string meetingId, CancellationToken ct)
    {
        try
        {
            return ToDetails(await SendAsync<MeetingJson>(HttpMethod.Get, MeetingPath(meetingId), accessToken, null, "meetings.get", ct));
        }
        catch (WebexException e) when (e.StatusCode is 404 or 410)
        {
            return null;
        }
    }

    // PATCH merges: only what we own is sent, so nothing else the host set at Webex is reset, and no password is
    // needed (PUT needs the full object and is marked for deprecation: webex-contract.md).
    public async Task<WebexMeetingDetails> UpdateMeetingAsync(string accessToken, string meetingId, WebexMeetingRequest request, CancellationToken ct) =>
        ToDetails(await SendAsync<MeetingJson>(HttpMethod.Patch, MeetingPath(meetingId), accessToken, ToUpdateJson(request), "meetings.update", ct));

    public async Task DeleteMeetingAsync(string accessToken, string meetingId, CancellationToken ct)
    {
        try
        {
            await SendAsync<JsonElement?>(
                HttpMethod.Delete, MeetingPath(meetingId) + "?sendEmail=" + SendEmailParameter, accessToken, null, "meetings.delete", ct);
        }
        catch (WebexException e) when (e.StatusCode is 404 or 410)
        {
            // Already gone: the contract says treat a 404 on delete as done; the spec also lists 410 Gone.
        }
    }

    public async Task<IReadOnlyList<WebexMeetingDetails>> FindMeetingsByIntegrationTagAsync(
        string accessToken, string integrationTag, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        // Without from/to Webex searches now .. now + 7 days only, so a meeting further out would never be found.
        var path = "meetings?integrationTag=" + Uri.EscapeDataString(integrationTag)
                   + "&from=" + Uri.EscapeDataString(UtcText(from)) + "&to=" + Uri.EscapeDataString(UtcText(to)) + "&max=" + PageSize;
        var items = await ListAllAsync<MeetingJson>(path, accessToken, "meetings.list", ct);
        return items.Select(ToDetails).ToArray();
    }

    public async Task<IReadOnlyList<WebexMeetingDetails>> ListMeetingsAsync(
        string accessToken, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var path = "meetings?from=" + Uri.EscapeDataString(UtcText(from)) + "&to=" + Uri.EscapeDataString(UtcText(to)) + "&max=" + PageSize;
        var items = await ListAllAsync<MeetingJson>(path, accessToken, "meetings.list", ct);
        return items.Select(ToDetails).ToArray();
    }

    public async Task<IReadOnlyList<WebexInvitee>> ListInviteesAsync(string accessToken, string meetingId, CancellationToken ct)
    {
        var path = "meetingInvitees?meetingId=" + Uri.EscapeDataString(meetingId) + "&max=" + PageSize;
        var items = await ListAllAsync<InviteeReadJson>(path, accessToken, "meetingInvitees.list", ct);
        return items.Where(i => !string.IsNullOrEmpty(i.Id) && !string.IsNullOrEmpty(i.Email))
            .Select(i => new WebexInvitee(i.Id!, i.Email!)).ToArray();
    }

    public async Task AddInviteeAsync(string accessToken, string meetingId, string email, CancellationToken ct)
    {
        try
        {
            await SendAsync<JsonElement?>(
                HttpMethod.Post, "meetingInvitees", accessToken, new InviteeWriteJson(meetingId, email, _options.SendEmails),
                "meetingInvitees.create", ct);
        }
        catch (WebexException e) when (e.StatusCode == 409)
        {
            // Already invited (an earlier attempt got through): the outcome we wanted.
        }
    }

    public async Task RemoveInviteeAsync(string accessToken, string inviteeId, CancellationToken ct)
    {
        try
        {
            await SendAsync<JsonElement?>(
                HttpMethod.Delete, "meetingInvitees/" + Uri.EscapeDataString(inviteeId) + "?sendEmail=" + SendEmailParameter,
                accessToken, null, "meetingInvitees.delete", ct);
        }
        catch (WebexException e) when (e.StatusCode is 404 or 410)
        {
            // Already gone.
        }
    }

    private const int PageSize = 100;

    /// <summary>Reads every page of a Webex list, following the <c>Link: rel="next"</c> header.</summary>
    private async Task<List<T>> ListAllAsync<T>(string firstPath, string accessToken, string operation, CancellationToken ct)
    {
        var all = new List<T>();
        Uri? next = new(_options.BaseUrl, firstPath);
        for (var page = 0; next is not null; page++)
        {
            // A runaway chain of next links must not keep a job busy for ever.
            if (page >= 50) throw new WebexException($"Webex kept answering more pages to {operation}.", 200, null, isTransient: false);
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await SendRawAsync(request, operation, ct);
            if (!response.IsSuccessStatusCode) throw await FailureAsync(response, operation, ct);
            var list = await ReadJsonAsync<ListJson<T>>(response, TrackingIdOf(response), ct);
            all.AddRange(list?.Items ?? []);
            next = NextPageOf(response);
        }

        return all;
    }

    /// <summary>The next page's address, only if it points at the Webex base we are configured for: the bearer token
    /// is sent there, so a link elsewhere is not followed.</summary>
    private Uri? NextPageOf(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length < 2 || !pieces[0].StartsWith('<') || !pieces[0].EndsWith('>')) continue;
            if (!pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal).Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase)
                                         || p.Equals("rel=next", StringComparison.OrdinalIgnoreCase)))
                continue;
            if (!Uri.TryCreate(_options.BaseUrl, pieces[0][1..^1], out var link)) return null;
            var sameOrigin = Uri.Compare(link, _options.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
            if (!sameOrigin || !link.AbsolutePath.StartsWith(_options.BaseUrl.AbsolutePath, StringComparison.Ordinal))
            {
                LogForeignNextLink(link.Host);
                return null;
            }

            return link;
        }

        return null;
    }

    private string SendEmailParameter => _options.SendEmails ? "true" : "false";

    private static string MeetingPath(string meetingId) => "meetings/" + Uri.EscapeDataString(meetingId);

    private string RedirectUri => OAuthRedirect.Resolve(
        _options.RedirectUri ?? throw new InvalidOperationException("Webex:RedirectUri is not configured."), server).AbsoluteUri;

    private async Task<WebexTokens> RequestTokensAsync(string grantType, Dictionary<string, string> form, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl, "access_token"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        using var response = await SendRawAsync(request, "token." + grantType, ct);
        var trackingId = TrackingIdOf(response);
        if (response.IsSuccessStatusCode)
        {
            var tokens = await ReadJsonAsync<TokenResponse>(response, trackingId, ct);
            if (string.IsNullOrEmpty(tokens?.AccessToken) || string.IsNullOrEmpty(tokens.RefreshToken))
                throw new WebexException("Webex answered the token request without tokens.", (int)response.StatusCode, trackingId, isTransient: false);
            return new WebexTokens(tokens.AccessToken, TimeSpan.FromSeconds(tokens.ExpiresIn),
                tokens.RefreshToken, TimeSpan.FromSeconds(tokens.RefreshTokenExpiresIn));
        }

        // A 400 to a well-formed token request means the code or refresh token is dead, whether Webex calls it
        // invalid_grant or invalid_request (both seen: webex-contract.md).
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var error = await TryReadJsonAsync<TokenError>(response, ct);
            LogTokenRejected(grantType, error?.Error, trackingId);
            throw new WebexGrantRejectedException(error?.Error ?? "invalid_request", error?.ErrorDescription, trackingId);
        }

        throw await FailureAsync(response, "token." + grantType, ct);
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, string accessToken, object? body, string operation, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_options.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await SendRawAsync(request, operation, ct);
        if (!response.IsSuccessStatusCode) throw await FailureAsync(response, operation, ct);
        if (response.StatusCode == HttpStatusCode.NoContent) return default;
        return await ReadJsonAsync<T>(response, TrackingIdOf(response), ct);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string operation, CancellationToken ct)
    {
        request.Options.Set(WebexCallMetricsHandler.Operation, operation);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                  || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            LogUnreachable(operation, e.GetType().Name);
            throw new WebexException($"Webex did not answer {operation} in time or could not be reached.", null, null, isTransient: true, inner: null);
        }
    }

    private async Task<WebexException> FailureAsync(HttpResponseMessage response, string operation, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var error = await TryReadJsonAsync<ApiError>(response, ct);
        var trackingId = error?.TrackingId ?? TrackingIdOf(response);
        var retryAfter = RetryAfterOf(response);
        // 423 is Webex's "temporarily unavailable" (may carry Retry-After), like 429 and the 5xx gateways.
        var transient = status is 408 or 423 or 429 or >= 500;
        var reason = ReasonOf(error) ?? response.ReasonPhrase;
        LogCallFailed(operation, status, trackingId, reason);
        var message = $"Webex answered {status} to {operation}: {reason}";
        return new WebexException(message, status, trackingId, transient, retryAfter);
    }

    /// <summary>Webex's specific reason is in errors[].description; message is often generic (webex-contract.md).</summary>
    private static string? ReasonOf(ApiError? error)
    {
        var descriptions = (error?.Errors ?? [])
            .Select(e => e.Description).Where(d => !string.IsNullOrWhiteSpace(d)).Distinct(StringComparer.Ordinal).ToArray();
        if (descriptions.Length == 0) return error?.Message;
        var specific = string.Join("; ", descriptions);
        return string.IsNullOrWhiteSpace(error!.Message) || descriptions.Contains(error.Message, StringComparer.Ordinal)
            ? specific
            : $"{specific} ({error.Message})";
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow;
        return null;
    }

    private static string? TrackingIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("TrackingID", out var values) ? values.FirstOrDefault() : null;

    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, string? trackingId, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ct);
        }
        catch (JsonException)
        {
            throw new WebexException("Webex answered with JSON we could not read.", (int)response.StatusCode, trackingId, isTransient: false);
        }
    }

    private static async Task<T?> TryReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return default;
        }
    }

    private MeetingCreateJson ToCreateJson(WebexMeetingRequest request) => new(
        request.Title,
        LocalText(request.Start, request.TimeZone),
        LocalText(request.End, request.TimeZone),
        request.TimeZone,
        string.IsNullOrEmpty(request.Agenda) ? null : request.Agenda,
        [request.IntegrationTag],
        request.Invitees.Count == 0 ? null : request.Invitees.Select(e => new InviteeJson(e)).ToArray(),
        _options.SendEmails);

    // An empty agenda clears one set before; invitees are not part of an update (the meetingInvitees API is).
    private MeetingUpdateJson ToUpdateJson(WebexMeetingRequest request) => new(
        request.Title,
        request.Agenda ?? "",
        LocalText(request.Start, request.TimeZone),
        LocalText(request.End, request.TimeZone),
        request.TimeZone,
        _options.SendEmails);

    /// <summary>The instant as local time in <paramref name="timeZone"/> with that zone's offset at that instant: Webex
    /// has refused a start/end whose offset does not match the meeting's timezone (webex-contract.md). Webex keeps
    /// times to the minute.</summary>
    internal static string LocalText(DateTimeOffset instant, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private static string UtcText(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static WebexMeetingDetails ToDetails(MeetingJson? json)
    {
        if (json is null || string.IsNullOrEmpty(json.Id))
            throw new WebexException("Webex answered without a meeting.", 200, null, isTransient: false);
        var dialIn = (json.Telephony?.CallInNumbers ?? [])
            .Where(n => !string.IsNullOrEmpty(n.CallInNumber))
            .Select(n => new DialInNumber(n.Label ?? "", n.CallInNumber!, n.TollType ?? ""))
            .ToArray();
        var location = new MeetingLocation(
            json.Id, json.MeetingNumber, json.WebLink ?? "", json.Password, json.SipAddress, json.HostKey, dialIn,
            json.PhoneAndVideoSystemPassword, json.Telephony?.AccessCode);
        return new WebexMeetingDetails(json.Id, json.Title ?? "", json.Start, json.End, json.Timezone, json.State, location, json.IntegrationTags ?? []);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex call {Operation} failed with {StatusCode} (trackingId {TrackingId}): {WebexMessage}")]
    private partial void LogCallFailed(string operation, int statusCode, string? trackingId, string? webexMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex rejected the {GrantType} grant: {Error} (trackingId {TrackingId})")]
    private partial void LogTokenRejected(string grantType, string? error, string? trackingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex pointed the next page at another host ({Host}); not followed")]
    private partial void LogForeignNextLink(string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex call {Operation} did not complete: {FailureKind}")]
    private partial void LogUnreachable(string operation, string failureKind);
}
