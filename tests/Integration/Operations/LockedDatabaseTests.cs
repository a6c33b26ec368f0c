using System.Net;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>Another writer holds the embedded database: callers get a 503 they can act on, in time, and readiness says
/// the database does not take writes.</summary>
public sealed class LockedDatabaseTests : IAsyncLifetime
{
    /// <summary>What the Zeeg main app waits for an answer; the service must answer well within it.</summary>
    private static readonly TimeSpan CallerTimeout = TimeSpan.FromSeconds(15);

    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["Database:BusyTimeout"] = "00:00:01",
            ["Database:BusyRetryAfter"] = "00:00:07",
        });
        (await BrowserConsent.ConnectAsync(_host, "host-lock", "lock.host@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_write_while_another_writer_holds_the_database_answers_503_with_retry_after_and_stores_nothing()
    {
        using var zeeg = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = CallerTimeout };
        zeeg.DefaultRequestHeaders.Add("X-Api-Key", ZeegWebexHost.ApiKey);

        HttpResponseMessage locked;
        await using (await DatabaseWriteLock.TakeAsync(_host))
        {
            locked = await zeeg.PostAsJsonAsync("/api/events", EventsApi.Event("evt-locked", "host-lock"));
        }

        locked.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await locked.Content.ReadAsStringAsync());
        locked.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        locked.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        var problem = await locked.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(503);
        problem.GetProperty("title").GetString().Should().Be("The database is busy");
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
        _host.Logs.Lines.Should().Contain(l => l.StartsWith("Warning") && l.Contains("locked by another writer"));
        _host.Logs.Lines.Should().NotContain(l => l.StartsWith("Error"), "a lock held elsewhere is not our failure");

        var released = await zeeg.PostAsJsonAsync("/api/events", EventsApi.Event("evt-locked", "host-lock"));
        released.StatusCode.Should().Be(HttpStatusCode.Accepted, "the same request succeeds once the lock is gone");
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_write_check_while_the_database_takes_no_writes()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = CallerTimeout };
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        HttpResponseMessage response;
        await using (await DatabaseWriteLock.TakeAsync(_host))
        {
            response = await client.GetAsync("/health/ready");
        }

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
        var checks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        checks["database-write"].GetProperty("status").GetString().Should().Be("Unhealthy");
        checks["database-write"].GetProperty("description").GetString().Should().Be("The database does not take writes.");
        checks["token-key-ring"].GetProperty("status").GetString().Should().Be("Healthy");
        _host.Logs.Lines.Should().Contain(l => l.Contains("Database does not take writes"));
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "ready again once the writer lets go");
    }
}
