using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Users;

/// <summary>DELETE /api/users/{id}/data erases everything stored for the user, and nothing of anyone else.</summary>
public sealed class EraseUserDataTests : IAsyncLifetime
{
    private const string Erased = "erase-user";
    private const string Kept = "keep-user";
    private static readonly string[] PerUserTables = ["webex_connections", "webex_meetings", "oauth_authorizations", "connection_events", "outcome_notices"];

    private ZeegWebhookReceiver _zeeg = null!;
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        // Outcome webhooks on, so the user also has notices in the outbox.
        _zeeg = await ZeegWebhookReceiver.StartAsync();
        _host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["OutcomeWebhook:Url"] = _zeeg.Url,
            ["OutcomeWebhook:Secret"] = ZeegWebhookReceiver.Secret,
        });
        foreach (var user in new[] { Erased, Kept })
            (await BrowserConsent.ConnectAsync(_host, user, $"{user}@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var (eventId, user) in new[] { ("evt-erase-1", Erased), ("evt-erase-2", Erased), ("evt-keep-1", Kept) })
        {
            (await _host.ScheduleAsync(eventId, user)).StatusCode.Should().Be(HttpStatusCode.Accepted);
            await _host.WaitForMeetingAsync(eventId, "Created");
        }
        // A connect started and never finished: a pending authorization besides the consumed one.
        (await _host.Client.PostAsJsonAsync($"/api/users/{Erased}/webex/connect", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _host.Client.DeleteAsync($"/api/users/{Kept}/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await BrowserConsent.ConnectAsync(_host, Kept, $"{Kept}@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _zeeg.DisposeAsync();
    }

    [Fact]
    public async Task Erasure_removes_every_row_of_the_user_answers_the_counts_and_leaves_other_users_and_webex_alone()
    {
        var stored = new Dictionary<string, long>();
        foreach (var table in PerUserTables) stored[table] = await CountForUserAsync(table, Erased);
        stored.Values.Should().OnlyContain(count => count > 0, "the user has rows in every table before");
        var keptBefore = await RowsMentioningAsync(Kept);
        var markers = await MarkersOfAsync(Erased);
        (await RowsMentioningAsync(markers)).Should().NotBeEmpty("the scan finds the user's rows while they exist");

        var response = await _host.Client.DeleteAsync($"/api/users/{Erased}/data");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("connections").GetInt32().Should().Be((int)stored["webex_connections"]);
        answer.GetProperty("meetings").GetInt32().Should().Be((int)stored["webex_meetings"]).And.Be(2);
        answer.GetProperty("pendingAuthorizations").GetInt32().Should().Be((int)stored["oauth_authorizations"]);
        answer.GetProperty("auditEntries").GetInt32().Should().Be((int)stored["connection_events"]);
        answer.GetProperty("outcomeNotices").GetInt32().Should().Be((int)stored["outcome_notices"]);

        (await RowsMentioningAsync(markers)).Should().BeEmpty("no table keeps anything of the erased user");
        (await RowsMentioningAsync(Kept)).Should().Equal(keptBefore, "the other user's rows are untouched");
        (await _host.Client.GetAsync($"/api/users/{Erased}/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _host.Client.GetAsync("/api/events/evt-erase-1/meeting")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _host.GetMeetingAsync("evt-keep-1")).GetProperty("status").GetString().Should().Be("Created");
        var kept = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/users/{Kept}/webex/connection");
        kept.GetProperty("status").GetString().Should().Be("Active");
        _host.Simulator.State.Meetings.Should().HaveCount(3).And.OnlyContain(m => !m.Deleted,
            "erasure removes our copy only; cancelling the Webex meetings is the Zeeg app's DELETE /api/events/{id}");
    }

    [Fact]
    public async Task Erasing_again_answers_zeros()
    {
        (await _host.Client.DeleteAsync($"/api/users/{Erased}/data")).StatusCode.Should().Be(HttpStatusCode.OK);

        var again = await _host.Client.DeleteAsync($"/api/users/{Erased}/data");
        var never = await _host.Client.DeleteAsync("/api/users/never-seen/data");

        foreach (var response in new[] { again, never })
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Should().Be("""{"connections":0,"meetings":0,"pendingAuthorizations":0,"auditEntries":0,"outcomeNotices":0}""");
        }
    }

    [Theory]
    [InlineData("/api/users/.hidden/data")]
    [InlineData("/api/users/erase-user%0A/data")]
    [InlineData("/api/users/-rf/data")]
    public async Task A_bad_user_id_is_a_problem_and_nothing_is_erased(string path)
    {
        var before = await RowsMentioningAsync(Erased);

        var response = await _host.Client.DeleteAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("zeegUserId", out _).Should().BeTrue();
        (await RowsMentioningAsync(Erased)).Should().Equal(before);
    }

    [Fact]
    public async Task Without_the_zeeg_credential_nothing_is_erased()
    {
        var before = await RowsMentioningAsync(Erased);
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };

        var response = await anonymous.DeleteAsync($"/api/users/{Erased}/data");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await RowsMentioningAsync(Erased)).Should().Equal(before);
    }

    private async Task<long> CountForUserAsync(string table, string zeegUserId)
    {
        await using var db = await OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE zeeg_user_id = $user";
        command.Parameters.AddWithValue("$user", zeegUserId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>What identifies the user's data besides the id: the e-mail (in the id) and their events' Webex meetings.</summary>
    private async Task<string[]> MarkersOfAsync(string zeegUserId)
    {
        await using var db = await OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = "SELECT webex_meeting_id FROM webex_meetings WHERE zeeg_user_id = $user AND webex_meeting_id IS NOT NULL";
        command.Parameters.AddWithValue("$user", zeegUserId);
        var markers = new List<string> { zeegUserId, "evt-erase-" };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) markers.Add(reader.GetString(0));
        return [.. markers];
    }

    private Task<IReadOnlyList<string>> RowsMentioningAsync(string marker) => RowsMentioningAsync([marker]);

    /// <summary>Every row of every table in the database (whatever a later migration adds) that holds one of the
    /// markers in any column, as "table: values".</summary>
    private async Task<IReadOnlyList<string>> RowsMentioningAsync(string[] markers)
    {
        await using var db = await OpenAsync();
        var tables = new List<string>();
        var list = db.CreateCommand();
        list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        tables.Should().Contain(PerUserTables);

        var found = new List<string>();
        foreach (var table in tables)
        {
            var select = db.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i)))
                    .ToArray();
                var row = $"{table}: {string.Join(" | ", values)}";
                if (markers.Any(marker => row.Contains(marker, StringComparison.Ordinal))) found.Add(row);
            }
        }
        return found;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var db = new SqliteConnection($"Data Source={_host.DatabaseFile}");
        await db.OpenAsync();
        return db;
    }
}
