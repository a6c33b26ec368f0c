using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>The OpenAPI document tells the truth: every status an /api operation answers over HTTP is listed for it,
/// every problem it lists has the problem+json schema and an example, and every listed status can be provoked.</summary>
public sealed class OpenApiProblemResponsesTests : IAsyncLifetime
{
    private const string Connect = "POST /api/users/{zeegUserId}/webex/connect";
    private const string GetConnection = "GET /api/users/{zeegUserId}/webex/connection";
    private const string Disconnect = "DELETE /api/users/{zeegUserId}/webex/connection";
    private const string Schedule = "POST /api/events";
    private const string GetMeeting = "GET /api/events/{zeegEventId}/meeting";
    private const string MeetingHost = "GET /api/events/{zeegEventId}/meeting/host";
    private const string EraseData = "DELETE /api/users/{zeegUserId}/data";
    private const string Retry = "POST /api/events/{zeegEventId}/meeting/retry";
    private const string Reschedule = "PUT /api/events/{zeegEventId}";
    private const string Cancel = "DELETE /api/events/{zeegEventId}";
    private const string ListMeetings = "GET /api/users/{zeegUserId}/webex/meetings";
    private const int FailedCredentialLimit = 20;

    /// <summary>Listed but not provoked here: a write that loses the version check five times in a row needs another
    /// writer racing it (the repository tests cover that rule).</summary>
    private static readonly HashSet<(string Operation, int Status)> NeedsARacingWriter = [(Disconnect, 409), (Cancel, 409)];

    private readonly List<(string Operation, int Status)> _answered = [];
    private ZeegWebexHost _host = null!;
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        _host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            // No job server: accepted events stay outstanding, so the backlog limit is reached deterministically.
            ["Jobs:RunServer"] = "false",
            ["Meetings:MaxOutstanding"] = "2",
            ["CredentialLimits:FailedApiCredentials"] = FailedCredentialLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _anonymous = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Every_status_an_api_operation_answers_is_documented_and_every_documented_problem_is_answered()
    {
        await ProbeEveryOperationAsync();
        var document = await _host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = DocumentedStatuses(document);

        documented.Keys.Should().BeEquivalentTo(_answered.Select(a => a.Operation).Distinct(), "every /api operation is probed");
        foreach (var (operation, status) in _answered.Distinct())
            documented[operation].Should().ContainKey(status, $"{operation} answered {status} over HTTP");

        foreach (var (operation, responses) in documented)
        {
            foreach (var (status, response) in responses.Where(r => r.Key >= 400))
            {
                var problem = response.GetProperty("content").GetProperty("application/problem+json");
                problem.GetProperty("schema").ValueKind.Should().Be(JsonValueKind.Object, $"{operation} {status} has the problem schema");
                problem.GetProperty("example").GetProperty("status").GetInt32().Should().Be(status, $"{operation} {status} has an example");
                response.GetProperty("description").GetString().Should().NotBeNullOrWhiteSpace();
                if (!NeedsARacingWriter.Contains((operation, status)))
                    _answered.Should().Contain((operation, status), $"{operation} documents {status}, so a request can provoke it");
            }
        }
    }

    private async Task ProbeEveryOperationAsync()
    {
        (await BrowserConsent.ConnectAsync(_host, "doc-host", "doc.host@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await BrowserConsent.ConnectAsync(_host, "doc-leaver", "doc.leaver@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        var tooLarge = new string('x', 70 * 1024);

        await ProbeAsync(Connect, HttpMethod.Post, "/api/users/doc-host/webex/connect", Json(new { }));
        await ProbeAsync(Connect, HttpMethod.Post, "/api/users/-rf/webex/connect", Json(new { }));
        await ProbeAsync(Connect, HttpMethod.Post, "/api/users/doc-host/webex/connect", Json(new { returnUrl = tooLarge }));
        await ProbeAsync(Connect, HttpMethod.Post, "/api/users/doc-host/webex/connect", new StringContent("returnUrl", Encoding.UTF8, "text/plain"));

        await ProbeAsync(GetConnection, HttpMethod.Get, "/api/users/doc-host/webex/connection");
        await ProbeAsync(GetConnection, HttpMethod.Get, "/api/users/-rf/webex/connection");
        await ProbeAsync(GetConnection, HttpMethod.Get, "/api/users/doc-nobody/webex/connection");

        await ProbeAsync(Disconnect, HttpMethod.Delete, "/api/users/doc-leaver/webex/connection");
        await ProbeAsync(Disconnect, HttpMethod.Delete, "/api/users/-rf/webex/connection");
        await ProbeAsync(Disconnect, HttpMethod.Delete, "/api/users/doc-nobody/webex/connection");

        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", Json(EventsApi.Event("doc-evt-1", "doc-host")));
        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", Json(EventsApi.Event("doc-evt-1", "doc-host")));
        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", Json(EventsApi.Event("doc-evt-1", "doc-host", title: "Another title")));
        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", Json(EventsApi.Event("doc-evt-2", "doc-host")));
        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", Json(EventsApi.Event("doc-evt-3", "doc-host")));
        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", Json(new { }));
        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", new StringContent("{", Encoding.UTF8, "application/json"));
        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", Json(new { zeegEventId = tooLarge }));
        await ProbeAsync(Schedule, HttpMethod.Post, "/api/events", new StringContent("{}", Encoding.UTF8, "text/plain"));

        await ProbeAsync(GetMeeting, HttpMethod.Get, "/api/events/doc-evt-1/meeting");
        await ProbeAsync(GetMeeting, HttpMethod.Get, "/api/events/-rf/meeting");
        await ProbeAsync(GetMeeting, HttpMethod.Get, "/api/events/doc-evt-unknown/meeting");

        await ProbeAsync(MeetingHost, HttpMethod.Get, "/api/events/doc-evt-1/meeting/host");
        await ProbeAsync(MeetingHost, HttpMethod.Get, "/api/events/-rf/meeting/host");

        await ProbeAsync(EraseData, HttpMethod.Delete, "/api/users/doc-nobody/data");
        await ProbeAsync(EraseData, HttpMethod.Delete, "/api/users/-rf/data");

        await ProbeAsync(Retry, HttpMethod.Post, "/api/events/doc-evt-1/meeting/retry");
        await ProbeAsync(Retry, HttpMethod.Post, "/api/events/-rf/meeting/retry");
        await ProbeAsync(Retry, HttpMethod.Post, "/api/events/doc-evt-unknown/meeting/retry");

        await ProbeAsync(Cancel, HttpMethod.Delete, "/api/events/doc-evt-2");
        await ProbeAsync(Cancel, HttpMethod.Delete, "/api/events/-rf");
        await ProbeAsync(Cancel, HttpMethod.Delete, "/api/events/doc-evt-unknown");

        var moved = new { title = "Moved", start = EventsApi.Start.AddHours(1), end = EventsApi.Start.AddHours(2), timeZone = "Europe/Berlin" };
        await ProbeAsync(Reschedule, HttpMethod.Put, "/api/events/doc-evt-1", Json(moved));
        await ProbeAsync(Reschedule, HttpMethod.Put, "/api/events/doc-evt-2", Json(moved));
        await ProbeAsync(Reschedule, HttpMethod.Put, "/api/events/doc-evt-unknown", Json(moved));
        await ProbeAsync(Reschedule, HttpMethod.Put, "/api/events/doc-evt-1", Json(new { }));
        await ProbeAsync(Reschedule, HttpMethod.Put, "/api/events/doc-evt-1", Json(new { title = tooLarge }));
        await ProbeAsync(Reschedule, HttpMethod.Put, "/api/events/doc-evt-1", new StringContent("{}", Encoding.UTF8, "text/plain"));

        await ProbeAsync(ListMeetings, HttpMethod.Get, "/api/users/doc-host/webex/meetings");
        await ProbeAsync(ListMeetings, HttpMethod.Get, "/api/users/-rf/webex/meetings");

        var everyOperation = new (string Operation, HttpMethod Method, string Path)[]
        {
            (Connect, HttpMethod.Post, "/api/users/doc-host/webex/connect"), (GetConnection, HttpMethod.Get, "/api/users/doc-host/webex/connection"),
            (Disconnect, HttpMethod.Delete, "/api/users/doc-host/webex/connection"), (Schedule, HttpMethod.Post, "/api/events"),
            (GetMeeting, HttpMethod.Get, "/api/events/doc-evt-1/meeting"), (Retry, HttpMethod.Post, "/api/events/doc-evt-1/meeting/retry"),
            (MeetingHost, HttpMethod.Get, "/api/events/doc-evt-1/meeting/host"), (EraseData, HttpMethod.Delete, "/api/users/doc-nobody/data"), (Reschedule, HttpMethod.Put, "/api/events/doc-evt-1"),
            (Cancel, HttpMethod.Delete, "/api/events/doc-evt-1"), (ListMeetings, HttpMethod.Get, "/api/users/doc-host/webex/meetings"),
        };
        // Without a credential (401), and once this address has failed too often (429).
        foreach (var (operation, method, path) in everyOperation) await ProbeAsync(operation, method, path, credential: false);
        for (var i = 0; i < FailedCredentialLimit; i++) await ProbeAsync(GetConnection, HttpMethod.Get, "/api/users/doc-host/webex/connection", credential: false);
        foreach (var (operation, method, path) in everyOperation) await ProbeAsync(operation, method, path, credential: false);
    }

    private async Task ProbeAsync(string operation, HttpMethod method, string path, HttpContent? body = null, bool credential = true)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        if (!credential) request.Headers.Add("X-Api-Key", "not-the-zeeg-api-key-at-all");
        using var response = credential
            ? await _host.Client.SendAsync(request)
            : await _anonymous.SendAsync(request);
        var status = (int)response.StatusCode;
        if (status >= 400)
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", $"{operation} answered {status} to {path}");
        _answered.Add((operation, status));
    }

    private static JsonContent Json(object value) => JsonContent.Create(value, mediaType: new MediaTypeHeaderValue("application/json"));

    private static Dictionary<string, Dictionary<int, JsonElement>> DocumentedStatuses(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (
                Key: $"{operation.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}",
                Responses: operation.Value.GetProperty("responses").EnumerateObject().ToDictionary(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture), r => r.Value))))
            .ToDictionary(o => o.Key, o => o.Responses);
}
