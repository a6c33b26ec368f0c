using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Operations;

public sealed class HealthAndDocumentTests(ApiAuthenticationHost fixture) : IClassFixture<ApiAuthenticationHost>
{
    [Fact]
    public async Task Live_answers_200_without_a_credential()
    {
        using var client = fixture.Anonymous();

        var response = await client.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Healthy");
    }

    [Fact]
    public async Task Ready_answers_200_with_every_check_healthy()
    {
        using var client = fixture.Anonymous();

        var response = await client.GetAsync("/health/ready");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Healthy");
        body.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("status").GetString()))
            .Should().BeEquivalentTo(new[] { ("database", "Healthy"), ("database-write", "Healthy"), ("job-storage", "Healthy"), ("token-key-ring", "Healthy") });
    }

    [Fact]
    public async Task The_openapi_document_is_public_and_lists_the_api_with_its_api_key_scheme()
    {
        using var client = fixture.Anonymous();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name.TrimEnd('/')).ToList();
        paths.Should().Contain(["/api/events", "/api/users/{zeegUserId}/webex/connect", "/api/events/{zeegEventId}/meeting",
            "/api/events/{zeegEventId}/meeting/retry",
            "/api/users/{zeegUserId}/webex/connection", "/api/users/{zeegUserId}/webex/meetings",
            "/api/events/{zeegEventId}/meeting/host", "/api/users/{zeegUserId}/data"]);
        paths.Should().NotContain(p => p.StartsWith("/webex/") || p.StartsWith("/health") || p.StartsWith("/hangfire"));

        var apiKey = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        apiKey.GetProperty("type").GetString().Should().Be("apiKey");
        apiKey.GetProperty("in").GetString().Should().Be("header");
        apiKey.GetProperty("name").GetString().Should().Be("X-Api-Key");
        var connect = document.GetProperty("paths").GetProperty("/api/users/{zeegUserId}/webex/connect").GetProperty("post");
        connect.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Should().Contain("ApiKey");
    }

    [Fact]
    public async Task Scalar_shows_the_document_and_the_root_sends_people_there()
    {
        using var client = fixture.Anonymous();
        using var browser = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        var root = await client.GetAsync("/");
        var scalar = await browser.GetAsync("/scalar");

        root.StatusCode.Should().Be(HttpStatusCode.Redirect);
        root.Headers.Location!.OriginalString.Should().Be("/scalar");
        scalar.StatusCode.Should().Be(HttpStatusCode.OK);
        scalar.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await scalar.Content.ReadAsStringAsync()).Should().Contain("openapi/v1.json", "the page shows our document");
    }
}

/// <summary>Readiness with a database that fails under a running service: a host of its own, since it breaks it.</summary>
public sealed class ReadinessWithABrokenDatabaseTests : IAsyncLifetime
{
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync() => _host = await ZeegWebexHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Ready_answers_503_naming_the_database_when_the_database_file_is_no_longer_a_database()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        // The disk under the service is overwritten: the next connection finds no database there.
        SqliteConnection.ClearAllPools();
        foreach (var sidecar in new[] { "-wal", "-shm" }) File.Delete(_host.DatabaseFile + sidecar);
        await File.WriteAllBytesAsync(_host.DatabaseFile, Enumerable.Repeat((byte)'x', 8192).ToArray());

        var response = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Unhealthy");
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        checks["database"].GetProperty("status").GetString().Should().Be("Unhealthy");
        checks["database"].GetProperty("description").GetString().Should().Be("The database cannot be used.");
        checks["token-key-ring"].GetProperty("status").GetString().Should().Be("Healthy");
        live.StatusCode.Should().Be(HttpStatusCode.OK, "the process itself is fine: restarting it would not help");
        _host.Logs.Lines.Should().Contain(l => l.Contains("Database not ready"), "the reason goes to the log, not to the public body");
    }
}
