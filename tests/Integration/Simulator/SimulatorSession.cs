using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Simulator;

/// <summary>A simulator on a loopback port plus the HTTP moves an integration makes against it.</summary>
internal sealed partial class SimulatorSession : IAsyncDisposable
{
    public const string RedirectUri = "http://127.0.0.1:5173/connect/callback";
    public const string AllScopes = "spark:people_read meeting:schedules_read meeting:schedules_write";

    private SimulatorSession(RunningWebexSimulator simulator, SimulatorClock clock)
    {
        Simulator = simulator;
        Clock = clock;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = simulator.BaseAddress };
    }

    public RunningWebexSimulator Simulator { get; }

    public SimulatorState State => Simulator.State;

    public SimulatorClock Clock { get; }

    /// <summary>Rooted at the simulator, not at v1/, so both /v1 and /_sim are reachable.</summary>
    public HttpClient Http { get; }

    public static async Task<SimulatorSession> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var clock = new SimulatorClock(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));
        var simulator = await WebexSimulatorApp.StartAsync(configure: configure, time: clock);
        return new SimulatorSession(simulator, clock);
    }

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (verifier, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public string AuthorizePath(string state, string? challenge = null, string scope = AllScopes, string redirectUri = RedirectUri, string? clientId = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId ?? Simulator.Options.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
        };
        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = "S256";
        }
        return QueryHelpers.AddQueryString("v1/authorize", query);
    }

    /// <summary>Opens the consent page and submits it; answers the query of the redirect back to us.</summary>
    public async Task<IDictionary<string, string>> ConsentAsync(string email, string decision = "accept", string state = "st-1", string? challenge = null)
    {
        using var page = await Http.GetAsync(AuthorizePath(state, challenge));
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        var requestId = RequestIdField().Match(html).Groups[1].Value;
        requestId.Should().NotBeEmpty();

        using var answer = await Http.PostAsync("v1/authorize/decision", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_id"] = WebUtility.HtmlDecode(requestId),
            ["email"] = email,
            ["decision"] = decision,
        }));
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = answer.Headers.Location!.ToString();
        location.Should().StartWith(RedirectUri + "?");
        return QueryHelpers.ParseQuery(new Uri(location).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public Task<HttpResponseMessage> ExchangeCodeAsync(string code, string? verifier = null, string redirectUri = RedirectUri, string? secret = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = Simulator.Options.ClientId,
            ["client_secret"] = secret ?? Simulator.Options.ClientSecret,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }
        return Http.PostAsync("v1/access_token", new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken, string? secret = null) =>
        Http.PostAsync("v1/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = Simulator.Options.ClientId,
            ["client_secret"] = secret ?? Simulator.Options.ClientSecret,
            ["refresh_token"] = refreshToken,
        }));

    /// <summary>The whole consent dance with PKCE; answers the token response.</summary>
    public async Task<JsonElement> ConnectAsync(string email)
    {
        var (verifier, challenge) = NewPkce();
        var redirect = await ConsentAsync(email, challenge: challenge);
        using var response = await ExchangeCodeAsync(redirect["code"], verifier);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? accessToken, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        return Http.SendAsync(request);
    }

    public async Task<JsonElement> CreateMeetingAsync(string accessToken, string title, string[]? tags = null, DateTimeOffset? start = null)
    {
        var begins = start ?? new DateTimeOffset(2030, 3, 10, 10, 0, 0, TimeSpan.FromHours(1));
        using var response = await SendAsync(HttpMethod.Post, "v1/meetings", accessToken, MeetingBody(title, begins, begins.AddMinutes(30), tags));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static object MeetingBody(string title, DateTimeOffset start, DateTimeOffset end, string[]? tags = null, string timezone = "Europe/Berlin") => new
    {
        title,
        start = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        end = end.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        timezone,
        agenda = "Booked through Zeeg",
        integrationTags = tags ?? [],
    };

    public static async Task AssertWebexErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status);
        var trackingId = response.Headers.GetValues("TrackingID").Single();
        trackingId.Should().StartWith("ROUTER_");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("trackingId").GetString().Should().Be(trackingId);
        body.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("errors")[0].GetProperty("description").GetString().Should().NotBeNullOrEmpty();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
    }

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestIdField();
}

/// <summary>A clock the test moves by hand, so token expiry needs no waiting.</summary>
internal sealed class SimulatorClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
