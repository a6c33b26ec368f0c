using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>The Webex REST adapter: OAuth token calls and the API as the signed-in user (webex-contract.md).
/// Every failure becomes a <see cref="WebexException"/> that says whether a retry can help and carries Webex's
/// trackingId; request and response bodies that hold tokens are never logged.</summary>
public sealed partial class WebexClient(HttpClient http, IOptions<WebexOptions> options, ILogger<WebexClient> logger)
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
        ToDetails(await SendAsync<MeetingJson>(HttpMethod.Post, "meetings", accessToken, ToJson(request), "meetings.create", ct));

    public async Task<WebexMeetingDetails?> GetMeetingAsync(string accessToken, string meetingId, CancellationToken ct)
    {
        try
        {
            return ToDetails(await SendAsync<MeetingJson>(HttpMethod.Get, "meetings/" + Uri.EscapeDataString(meetingId), accessToken, null, "meetings.get", ct));
        }
        catch (WebexException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    public async Task<WebexMeetingDetails> UpdateMeetingAsync(string accessToken, string meetingId, WebexMeetingRequest request, CancellationToken ct) =>
        ToDetails(await SendAsync<MeetingJson>(HttpMethod.Put, "meetings/" + Uri.EscapeDataString(meetingId), accessToken, ToJson(request), "meetings.update", ct));

    public async Task DeleteMeetingAsync(string accessToken, string meetingId, CancellationToken ct)
    {
        try
        {
            await SendAsync<JsonElement?>(HttpMethod.Delete, "meetings/" + Uri.EscapeDataString(meetingId), accessToken, null, "meetings.delete", ct);
        }
        catch (WebexException e) when (e.StatusCode == 404)
        {
            // Already gone: the contract says treat a 404 on delete as done.
        }
    }

    public async Task<IReadOnlyList<WebexMeetingDetails>> FindMeetingsByIntegrationTagAsync(string accessToken, string integrationTag, CancellationToken ct)
    {
        var list = await SendAsync<MeetingListJson>(
            HttpMethod.Get, "meetings?integrationTag=" + Uri.EscapeDataString(integrationTag), accessToken, null, "meetings.list", ct);
        return (list?.Items ?? []).Select(ToDetails).ToArray();
    }

    private string RedirectUri => _options.RedirectUri?.AbsoluteUri
        ?? throw new InvalidOperationException("Webex:RedirectUri is not configured.");

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
        var transient = status is 408 or 429 or >= 500;
        LogCallFailed(operation, status, trackingId, error?.Message);
        var message = $"Webex answered {status} to {operation}: {error?.Message ?? response.ReasonPhrase}";
        return new WebexException(message, status, trackingId, transient, retryAfter);
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

    private static MeetingWriteJson ToJson(WebexMeetingRequest request) => new(
        request.Title,
        request.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        request.End.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        request.TimeZone,
        request.Agenda,
        request.Password,
        [request.IntegrationTag],
        request.Invitees.Count == 0 ? null : request.Invitees.Select(e => new InviteeJson(e)).ToArray());

    private static WebexMeetingDetails ToDetails(MeetingJson? json)
    {
        if (json is null || string.IsNullOrEmpty(json.Id))
            throw new WebexException("Webex answered without a meeting.", 200, null, isTransient: false);
        var dialIn = (json.Telephony?.CallInNumbers ?? [])
            .Where(n => !string.IsNullOrEmpty(n.CallInNumber))
            .Select(n => new DialInNumber(n.Label ?? "", n.CallInNumber!, n.TollType ?? ""))
            .ToArray();
        var location = new MeetingLocation(json.Id, json.MeetingNumber, json.WebLink ?? "", json.Password, json.SipAddress, json.HostKey, dialIn);
        return new WebexMeetingDetails(json.Id, json.Title ?? "", json.Start, json.End, json.Timezone, json.State, location, json.IntegrationTags ?? []);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex call {Operation} failed with {StatusCode} (trackingId {TrackingId}): {WebexMessage}")]
    private partial void LogCallFailed(string operation, int statusCode, string? trackingId, string? webexMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex rejected the {GrantType} grant: {Error} (trackingId {TrackingId})")]
    private partial void LogTokenRejected(string grantType, string? error, string? trackingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex call {Operation} did not complete: {FailureKind}")]
    private partial void LogUnreachable(string operation, string failureKind);
}
