using FluentValidation;
using Mediator;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.RefreshConnection;
using ZeegWebex.Application.Meetings.SyncMeeting;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.ListUserMeetings;

/// <summary>The dashboard's list: the user's meetings made through Zeeg, with their current state read from Webex
/// (meeting:schedules_read), or the stored details when Webex cannot be asked.</summary>
public sealed record ListUserMeetingsQuery(string ZeegUserId, DateTimeOffset From, DateTimeOffset To) : IQuery<IReadOnlyList<DashboardMeeting>>;

/// <param name="Source">"webex" when read from Webex just now (or within the short cache), "stored" otherwise.</param>
public sealed record DashboardMeeting(MeetingView Meeting, string? WebexState, string Source);

public sealed class ListUserMeetingsHandler(
    IMeetingRepository meetings,
    IConnectionRepository connections,
    ConnectionRefresher refresher,
    IWebexApi webex,
    IMemoryCache cache,
    IOptions<MeetingSyncOptions> options) : IQueryHandler<ListUserMeetingsQuery, IReadOnlyList<DashboardMeeting>>
{
    // Dashboards poll; a short cache keeps a busy page from spending the user's Webex rate limit.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async ValueTask<IReadOnlyList<DashboardMeeting>> Handle(ListUserMeetingsQuery query, CancellationToken cancellationToken)
    {
        var stored = await meetings.ListForUserAsync(query.ZeegUserId, query.From, query.To, cancellationToken);
        // Only created meetings are read from Webex; without one there is no reason to touch (or refresh) a token.
        var token = stored.Any(IsAtWebex) ? await TryGetAccessTokenAsync(query.ZeegUserId, cancellationToken) : null;
        var result = new List<DashboardMeeting>(stored.Count);
        foreach (var meeting in stored)
            result.Add(await ReadAsync(meeting, token, cancellationToken));
        return result;
    }

    private async Task<DashboardMeeting> ReadAsync(WebexMeeting meeting, string? token, CancellationToken ct)
    {
        var view = MeetingView.From(meeting);
        if (token is null || !IsAtWebex(meeting))
            return new DashboardMeeting(view, null, "stored");

        var key = "webex-meeting:" + meeting.Location!.WebexMeetingId;
        if (!cache.TryGetValue(key, out WebexMeetingDetails? details))
        {
            try
            {
                details = await webex.GetMeetingAsync(token, meeting.Location.WebexMeetingId, ct);
                cache.Set(key, details, CacheFor);
            }
            catch (WebexException)
            {
                return new DashboardMeeting(view, null, "stored");
            }
        }

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

    private static bool IsAtWebex(WebexMeeting meeting) => meeting is { Status: MeetingStatus.Created, Location: not null };

    private async Task<string?> TryGetAccessTokenAsync(string zeegUserId, CancellationToken ct)
    {
        var connection = await connections.FindByZeegUserAsync(zeegUserId, ct);
        if (connection is not { Status: ConnectionStatus.Active }) return null;
        try
        {
            return await refresher.GetAccessTokenAsync(connection.Id, options.Value.AccessTokenRefreshWindow, force: false, ct);
        }
        catch (Exception e) when (e is WebexException or ConnectionUnavailableException)
        {
            return null;
        }
    }
}

public sealed class ListUserMeetingsValidator : AbstractValidator<ListUserMeetingsQuery>
{
    /// <summary>The range a dashboard may ask about. Wide enough for any real calendar, and far enough from the ends
    /// of <see cref="DateTimeOffset"/> that no date arithmetic on a bound can overflow.</summary>
    public static readonly DateTimeOffset EarliestDate = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestDate = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ListUserMeetingsValidator()
    {
        RuleFor(q => q.ZeegUserId).MustBeZeegId();
        RuleFor(q => q.From).InclusiveBetween(EarliestDate, LatestDate).WithMessage("'From' must be between 1970-01-01 and 9000-01-01.");
        RuleFor(q => q.To).InclusiveBetween(EarliestDate, LatestDate).WithMessage("'To' must be between 1970-01-01 and 9000-01-01.");
        RuleFor(q => q.To).GreaterThan(q => q.From).WithMessage("'To' must be after 'From'.")
            .Must((q, to) => to - q.From <= TimeSpan.FromDays(92)).WithMessage("The range may span at most 92 days.");
    }
}
