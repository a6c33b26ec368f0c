using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Support;

/// <summary>The meetings one Webex site holds, with a failure queued per operation. A "lost answer" makes the call
/// take effect at Webex and then fail, as a timeout after Webex acted does.</summary>
internal sealed class FakeWebexApi : IWebexApi
{
    private readonly Dictionary<string, WebexMeetingDetails> _meetings = [];
    private readonly Dictionary<string, List<WebexInvitee>> _invitees = [];
    private readonly Dictionary<string, Queue<Exception>> _failures = [];
    private readonly Dictionary<string, Queue<Exception>> _lostAnswers = [];
    private int _ids;

    public const string Create = "create", Update = "update", Delete = "delete", FindByTag = "findByTag", Get = "get", Me = "me";

    public WebexAccount Account { get; set; } = new("person-1", "host@example.com", "Ada Host", "org-1");

    /// <summary>Every call as "operation accessToken".</summary>
    public List<string> Calls { get; } = [];

    public IReadOnlyCollection<WebexMeetingDetails> Meetings => _meetings.Values;

    public IReadOnlyList<string> InviteesOf(string webexMeetingId) =>
        _invitees.TryGetValue(webexMeetingId, out var list) ? list.Select(i => i.Email).ToArray() : [];

    public void FailNext(string operation, WebexException failure) => Enqueue(_failures, operation, failure);

    public void LoseNextAnswer(string operation, WebexException failure) => Enqueue(_lostAnswers, operation, failure);

    /// <summary>A meeting already at Webex (made by an earlier attempt whose answer never arrived).</summary>
    public WebexMeetingDetails Holds(string title, DateTimeOffset start, DateTimeOffset end, string integrationTag, params string[] invitees)
    {
        var id = $"webex-{++_ids}";
        var details = Details(id, title, start, end, "Europe/Berlin", [integrationTag]);
        _meetings[id] = details;
        _invitees[id] = invitees.Select((e, i) => new WebexInvitee($"{id}-invitee-{i}", e)).ToList();
        return details;
    }

    public Task<WebexAccount> GetMeAsync(string accessToken, CancellationToken ct)
    {
        Enter(Me, accessToken);
        return Task.FromResult(Account);
    }

    public Task<WebexMeetingDetails> CreateMeetingAsync(string accessToken, WebexMeetingRequest request, CancellationToken ct)
    {
        Enter(Create, accessToken);
        var id = $"webex-{++_ids}";
        var details = Details(id, request.Title, request.Start, request.End, request.TimeZone, [request.IntegrationTag]);
        _meetings[id] = details;
        _invitees[id] = request.Invitees.Select((e, i) => new WebexInvitee($"{id}-invitee-{i}", e)).ToList();
        return Answer(Create, details);
    }

    public Task<WebexMeetingDetails?> GetMeetingAsync(string accessToken, string meetingId, CancellationToken ct)
    {
        Enter(Get, accessToken);
        return Task.FromResult(_meetings.GetValueOrDefault(meetingId));
    }

    public Task<WebexMeetingDetails> UpdateMeetingAsync(string accessToken, string meetingId, WebexMeetingRequest request, CancellationToken ct)
    {
        Enter(Update, accessToken);
        if (!_meetings.TryGetValue(meetingId, out var existing))
            throw new WebexException("Webex has no such meeting.", 404, "tracking-404", isTransient: false);
        var details = existing with { Title = request.Title, Start = request.Start, End = request.End, TimeZone = request.TimeZone };
        _meetings[meetingId] = details;
        return Answer(Update, details);
    }

    public Task DeleteMeetingAsync(string accessToken, string meetingId, CancellationToken ct)
    {
        Enter(Delete, accessToken);
        _meetings.Remove(meetingId);
        _invitees.Remove(meetingId);
        return Answer(Delete, 0);
    }

    public Task<IReadOnlyList<WebexMeetingDetails>> FindMeetingsByIntegrationTagAsync(
        string accessToken, string integrationTag, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        Enter(FindByTag, accessToken);
        return Task.FromResult<IReadOnlyList<WebexMeetingDetails>>(_meetings.Values
            .Where(m => m.IntegrationTags.Contains(integrationTag) && m.Start >= from && m.Start < to).ToArray());
    }

    public Task<IReadOnlyList<WebexMeetingDetails>> ListMeetingsAsync(string accessToken, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<WebexInvitee>> ListInviteesAsync(string accessToken, string meetingId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<WebexInvitee>>(_invitees.TryGetValue(meetingId, out var list) ? list.ToArray() : []);

    public Task AddInviteeAsync(string accessToken, string meetingId, string email, CancellationToken ct)
    {
        var list = _invitees.TryGetValue(meetingId, out var l) ? l : _invitees[meetingId] = [];
        if (!list.Any(i => string.Equals(i.Email, email, StringComparison.OrdinalIgnoreCase)))
            list.Add(new WebexInvitee($"{meetingId}-invitee-{list.Count}-{email}", email));
        return Task.CompletedTask;
    }

    public Task RemoveInviteeAsync(string accessToken, string inviteeId, CancellationToken ct)
    {
        foreach (var list in _invitees.Values) list.RemoveAll(i => i.Id == inviteeId);
        return Task.CompletedTask;
    }

    private void Enter(string operation, string accessToken)
    {
        Calls.Add($"{operation} {accessToken}");
        if (_failures.TryGetValue(operation, out var queue) && queue.TryDequeue(out var failure)) throw failure;
    }

    private Task<T> Answer<T>(string operation, T result) =>
        _lostAnswers.TryGetValue(operation, out var queue) && queue.TryDequeue(out var lost) ? throw lost : Task.FromResult(result);

    private static WebexMeetingDetails Details(string id, string title, DateTimeOffset start, DateTimeOffset end, string? timeZone, IReadOnlyList<string> tags) =>
        new(id, title, start, end, timeZone, "active",
            new MeetingLocation(id, "2550 000 0000", $"https://example.webex.com/meet/{id}", "Pa55word", $"{id}@example.webex.com", "123456", []),
            tags);

    private static void Enqueue(Dictionary<string, Queue<Exception>> queues, string operation, Exception failure)
    {
        if (!queues.TryGetValue(operation, out var queue)) queues[operation] = queue = new Queue<Exception>();
        queue.Enqueue(failure);
    }
}
