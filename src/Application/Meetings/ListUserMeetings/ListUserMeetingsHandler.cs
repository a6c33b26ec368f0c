using Mediator;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Application.Meetings.SyncMeeting;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.ListUserMeetings;

public sealed class ListUserMeetingsHandler(
    IMeetingRepository meetings,
    IConnectionRepository connections,
    ConnectionRefresher refresher,
    IWebexApi webex,
    IMemoryCache cache,
    IOptions<MeetingsOptions> options) : IQueryHandler<ListUserMeetingsQuery, IReadOnlyList<DashboardMeeting>>
{
    // Dashboards poll; a short cache keeps a busy page from spending the user's Webex rate limit.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    // Webex lists meetings by start; a meeting the host moved at Webex by up to this much is still found by the list.
    private static readonly TimeSpan ListMargin = TimeSpan.FromDays(1);

    public async ValueTask<IReadOnlyList<DashboardMeeting>> Handle(ListUserMeetingsQuery query, CancellationToken cancellationToken)
    {
        var stored = await meetings.ListForUserAsync(query.ZeegUserId, query.From, query.To, cancellationToken);
        var atWebex = stored.Where(IsAtWebex).ToArray();
        var known = new Dictionary<string, WebexMeetingDetails?>(StringComparer.Ordinal);
        var uncached = new List<WebexMeeting>();
        foreach (var meeting in atWebex)
        {
            if (cache.TryGetValue(CacheKey(meeting), out WebexMeetingDetails? cached)) known[meeting.Location!.WebexMeetingId] = cached;
            else uncached.Add(meeting);
        }

        // Only created meetings are read from Webex; without one there is no reason to touch (or refresh) a token.
        var token = uncached.Count > 0 ? await TryGetAccessTokenAsync(query.ZeegUserId, cancellationToken) : null;
        if (token is not null) await ReadFromWebexAsync(uncached, token, known, cancellationToken);

        return stored.Select(meeting => Show(meeting, known)).ToArray();
    }

    /// <summary>One list call (every page) for the window the meetings lie in, matched by Webex meeting id. A meeting
    /// the list does not hold was deleted at Webex or moved far: it alone is read by id, so "deleted" is what Webex
    /// says of that meeting, not a guess. A meeting Webex could not be asked about stays out of <paramref name="known"/>
    /// and is shown as stored.</summary>
    private async Task ReadFromWebexAsync(List<WebexMeeting> wanted, string token, Dictionary<string, WebexMeetingDetails?> known, CancellationToken ct)
    {
        IReadOnlyList<WebexMeetingDetails> listed;
        try
        {
            listed = await webex.ListMeetingsAsync(
                token, wanted.Min(m => m.Schedule.Start) - ListMargin, wanted.Max(m => m.Schedule.Start) + ListMargin, ct);
        }
        catch (WebexException)
        {
            return;
        }

        var byId = new Dictionary<string, WebexMeetingDetails>(StringComparer.Ordinal);
        foreach (var item in listed) byId.TryAdd(item.Id, item);
        foreach (var meeting in wanted)
        {
            var id = meeting.Location!.WebexMeetingId;
            if (!byId.TryGetValue(id, out var details))
            {
                try
                {
                    details = await webex.GetMeetingAsync(token, id, ct);
                }
                catch (WebexException)
                {
                    continue;
                }
            }

            cache.Set(CacheKey(meeting), details, CacheFor);
            known[id] = details;
        }
    }

    private static DashboardMeeting Show(WebexMeeting meeting, Dictionary<string, WebexMeetingDetails?> known)
    {
        var view = MeetingView.From(meeting);
        if (!IsAtWebex(meeting) || !known.TryGetValue(meeting.Location!.WebexMeetingId, out var details))
            return new DashboardMeeting(view, null, "stored");
        if (details is null) return new DashboardMeeting(view, "deleted", "webex");
        return new DashboardMeeting(
            view with
            {
                Title = details.Title,
                Start = EventTimes.InZone(details.Start, meeting.Schedule.TimeZone),
                End = EventTimes.InZone(details.End, meeting.Schedule.TimeZone),
                Location = MeetingLocationView.From(details.Location),
            },
            details.State, "webex");
    }

    private static string CacheKey(WebexMeeting meeting) => "webex-meeting:" + meeting.Location!.WebexMeetingId;

    private static bool IsAtWebex(WebexMeeting meeting) => meeting is { Status: MeetingStatus.Created, Location: not null };

    private async Task<string?> TryGetAccessTokenAsync(string zeegUserId, CancellationToken ct)
    {
        var connection = await connections.FindByZeegUserAsync(zeegUserId, ct);
        if (connection is not { Status: ConnectionStatus.Active }) return null;
        try
        {
            return await refresher.GetAccessTokenAsync(connection, options.Value.AccessTokenRefreshWindow, force: false, ct);
        }
        catch (Exception e) when (e is WebexException or ConnectionUnavailableException)
        {
            return null;
        }
    }
}
