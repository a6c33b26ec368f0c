using System.Net;
using System.Text.Json;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The Zeeg main app's calls to the events API.</summary>
public static class EventsApi
{
    /// <summary>09:00 in Berlin, 100 days from the day the tests run: always in the future (Webex refuses a start in
    /// the past, and so do we), and a whole minute (Webex keeps times to the minute).</summary>
    public static readonly DateTimeOffset Start = BerlinNineOClock(DateTime.UtcNow.Date.AddDays(100));

    private static DateTimeOffset BerlinNineOClock(DateTime day)
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var local = DateTime.SpecifyKind(day.Date.AddHours(9), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, berlin.GetUtcOffset(local));
    }

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
