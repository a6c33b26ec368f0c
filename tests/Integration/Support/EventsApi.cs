using System.Net;
using System.Text.Json;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The Zeeg main app's calls to the events API.</summary>
public static class EventsApi
{
    public static readonly DateTimeOffset Start = new(2027, 3, 15, 9, 0, 0, TimeSpan.FromHours(1));

    public static object Event(string eventId, string host, string title = "Intro call", DateTimeOffset? start = null, int minutes = 30) => new
    {
        zeegEventId = eventId,
        hostZeegUserId = host,
        title,
        start = start ?? Start,
        end = (start ?? Start).AddMinutes(minutes),
        timeZone = "Europe/Berlin",
        agenda = "Talk about the project",
        invitees = new[] { "guest@example.org" },
    };

    public static async Task<HttpResponseMessage> ScheduleAsync(this ZeegWebexHost host, string eventId, string hostUser, DateTimeOffset? start = null) =>
        await host.Client.PostAsJsonAsync("/api/events", Event(eventId, hostUser, start: start));

    public static async Task<JsonElement> GetMeetingAsync(this ZeegWebexHost host, string eventId)
    {
        var response = await host.Client.GetAsync($"/api/events/{eventId}/meeting");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<JsonElement> WaitForMeetingAsync(this ZeegWebexHost host, string eventId, string status, bool settled = true, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(
            () => host.GetMeetingAsync(eventId),
            m => m.GetProperty("status").GetString() == status && (!settled || !m.GetProperty("syncPending").GetBoolean()),
            timeout,
            $"meeting of {eventId} to become {status}");
}
