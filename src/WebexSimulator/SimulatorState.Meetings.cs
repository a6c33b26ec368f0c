namespace ZeegWebex.WebexSimulator;

/// <summary>Meetings, their invitees, the create quota and the emails Webex would send.</summary>
public sealed partial class SimulatorState
{
    private readonly Dictionary<string, List<SimInvitee>> _inviteesByMeeting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTimeOffset>> _createAttemptsByHost = new(StringComparer.Ordinal);
    private readonly List<SimEmail> _emails = [];

    /// <summary>Every email that would have gone out, one per recipient, oldest first.</summary>
    public IReadOnlyList<SimEmail> Emails
    {
        get
        {
            lock (_gate)
            {
                return _emails.ToList();
            }
        }
    }

    /// <summary>The invitees of a meeting (deleted meetings keep none).</summary>
    public IReadOnlyList<SimInvitee> InviteesOf(string meetingId)
    {
        lock (_gate)
        {
            return _inviteesByMeeting.TryGetValue(meetingId, out var invitees) ? invitees.ToList() : [];
        }
    }

    /// <summary>Counts a create request against the host's quota. Webex counts every create
    /// request, failed ones included, so this runs before the body is even read. False when the
    /// quota of the last 24 hours is used up.</summary>
    internal bool TryCountCreateAttempt(SimPerson host)
    {
        lock (_gate)
        {
            var since = Now - TimeSpan.FromHours(24);
            if (!_createAttemptsByHost.TryGetValue(host.Id, out var attempts))
            {
                attempts = [];
                _createAttemptsByHost[host.Id] = attempts;
            }
            attempts.RemoveAll(at => at <= since);
            if (attempts.Count >= options.DailyMeetingQuota)
            {
                return false;
            }
            attempts.Add(Now);
            return true;
        }
    }

    internal SimMeeting CreateMeeting(SimPerson host, string clientId, MeetingDraft draft, IReadOnlyList<InviteeDraft> invitees, bool sendEmail)
    {
        lock (_gate)
        {
            string number;
            do
            {
                number = "2" + RandomDigits(9);
            }
            while (_meetings.Values.Any(m => m.MeetingNumber == number));
            var meeting = new SimMeeting
            {
                Id = Guid.NewGuid().ToString("N"),
                MeetingNumber = number,
                Title = draft.Title,
                Agenda = draft.Agenda,
                Password = draft.Password ?? NewMeetingPassword(),
                PhoneAndVideoSystemPassword = RandomDigits(8),
                Timezone = draft.Timezone,
                Start = draft.Start,
                End = draft.End,
                HostUserId = host.Id,
                HostEmail = host.Email,
                HostDisplayName = host.DisplayName,
                ClientId = clientId,
                IntegrationTags = draft.IntegrationTags,
                HostKey = RandomDigits(6),
                Created = Now,
            };
            _meetings[meeting.Id] = meeting;
            _meetingOrder.Add(meeting.Id);
            var stored = invitees.Select(i => NewInvitee(meeting.Id, i)).ToList();
            _inviteesByMeeting[meeting.Id] = stored;
            if (sendEmail)
            {
                SendEmail(meeting.HostEmail, SimEmailKind.Created, meeting);
                stored.ForEach(i => SendEmail(i.Email, SimEmailKind.Invited, meeting));
            }
            return meeting;
        }
    }

    internal SimMeeting? FindMeeting(string id, SimPerson host)
    {
        lock (_gate)
        {
            return _meetings.TryGetValue(id, out var meeting) && !meeting.Deleted && meeting.HostUserId == host.Id ? meeting : null;
        }
    }

    internal SimMeeting? UpdateMeeting(string id, SimPerson host, MeetingDraft draft, bool sendEmail)
    {
        lock (_gate)
        {
            if (!_meetings.TryGetValue(id, out var meeting) || meeting.Deleted || meeting.HostUserId != host.Id)
            {
                return null;
            }
            var updated = meeting with
            {
                Title = draft.Title,
                Agenda = draft.Agenda,
                Password = draft.Password ?? meeting.Password,
                Timezone = draft.Timezone,
                Start = draft.Start,
                End = draft.End,
                IntegrationTags = draft.IntegrationTags,
                Updated = Now,
            };
            _meetings[id] = updated;
            if (sendEmail)
            {
                SendToEveryone(updated, SimEmailKind.Updated);
            }
            return updated;
        }
    }

    internal bool DeleteMeeting(string id, SimPerson host, bool sendEmail)
    {
        lock (_gate)
        {
            if (!_meetings.TryGetValue(id, out var meeting) || meeting.Deleted || meeting.HostUserId != host.Id)
            {
                return false;
            }
            _meetings[id] = meeting with { Deleted = true, Updated = Now };
            if (sendEmail)
            {
                SendToEveryone(meeting, SimEmailKind.Cancelled);
            }
            _inviteesByMeeting.Remove(id);
            return true;
        }
    }

    /// <summary>The host's meetings starting in [from, to), by start; a tag only matches the
    /// meetings of the integration that set it.</summary>
    internal IReadOnlyList<SimMeeting> ListMeetings(SimPerson host, string clientId, string? integrationTag, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return _meetingOrder
                .Select(id => _meetings[id])
                .Where(m => !m.Deleted && m.HostUserId == host.Id)
                .Where(m => integrationTag is null || (m.ClientId == clientId && m.IntegrationTags.Contains(integrationTag, StringComparer.Ordinal)))
                .Where(m => m.Start >= from && m.Start < to)
                .OrderBy(m => m.Start)
                .ToList();
        }
    }

    /// <summary>Null when the meeting is not the host's; Conflict when the email is already invited.</summary>
    internal (SimInvitee? Invitee, bool Conflict) AddInvitee(string meetingId, SimPerson host, InviteeDraft draft, bool sendEmail)
    {
        lock (_gate)
        {
            if (!_meetings.TryGetValue(meetingId, out var meeting) || meeting.Deleted || meeting.HostUserId != host.Id)
            {
                return (null, false);
            }
            var invitees = _inviteesByMeeting[meetingId];
            if (invitees.Any(i => string.Equals(i.Email, draft.Email, StringComparison.OrdinalIgnoreCase)))
            {
                return (null, true);
            }
            var invitee = NewInvitee(meetingId, draft);
            invitees.Add(invitee);
            if (sendEmail)
            {
                SendEmail(invitee.Email, SimEmailKind.Invited, meeting);
            }
            return (invitee, false);
        }
    }

    /// <summary>Null when the meeting is not the host's.</summary>
    internal IReadOnlyList<SimInvitee>? ListInvitees(string meetingId, SimPerson host)
    {
        lock (_gate)
        {
            return _meetings.TryGetValue(meetingId, out var meeting) && !meeting.Deleted && meeting.HostUserId == host.Id
                ? _inviteesByMeeting[meetingId].ToList()
                : null;
        }
    }

    internal SimInvitee? FindInvitee(string inviteeId, SimPerson host)
    {
        lock (_gate)
        {
            return InviteeOfHost(inviteeId, host)?.Invitee;
        }
    }

    internal bool RemoveInvitee(string inviteeId, SimPerson host, bool sendEmail)
    {
        lock (_gate)
        {
            if (InviteeOfHost(inviteeId, host) is not { } found)
            {
                return false;
            }
            _inviteesByMeeting[found.Meeting.Id].Remove(found.Invitee);
            if (sendEmail)
            {
                SendEmail(found.Invitee.Email, SimEmailKind.Removed, found.Meeting);
            }
            return true;
        }
    }

    private (SimMeeting Meeting, SimInvitee Invitee)? InviteeOfHost(string inviteeId, SimPerson host)
    {
        foreach (var (meetingId, invitees) in _inviteesByMeeting)
        {
            var meeting = _meetings[meetingId];
            if (meeting.Deleted || meeting.HostUserId != host.Id)
            {
                continue;
            }
            if (invitees.FirstOrDefault(i => i.Id == inviteeId) is { } invitee)
            {
                return (meeting, invitee);
            }
        }
        return null;
    }

    private void SendToEveryone(SimMeeting meeting, SimEmailKind kind)
    {
        SendEmail(meeting.HostEmail, kind, meeting);
        foreach (var invitee in _inviteesByMeeting.GetValueOrDefault(meeting.Id) ?? [])
        {
            SendEmail(invitee.Email, kind, meeting);
        }
    }

    private void SendEmail(string recipient, SimEmailKind kind, SimMeeting meeting) =>
        _emails.Add(new SimEmail(recipient, kind, meeting.Id, meeting.Title, Now));

    // Webex invitee ids are the meeting id and a number.
    private static SimInvitee NewInvitee(string meetingId, InviteeDraft draft) =>
        new($"{meetingId}_{RandomDigits(7)}", meetingId, draft.Email, draft.DisplayName ?? draft.Email, draft.CoHost, draft.Panelist);

    private void ResetMeetingsSide()
    {
        _inviteesByMeeting.Clear();
        _createAttemptsByHost.Clear();
        _emails.Clear();
        ResetClockAndJournal();
    }
}
