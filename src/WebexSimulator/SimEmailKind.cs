namespace ZeegWebex.WebexSimulator;

public enum SimEmailKind
{
    /// <summary>To the host: a meeting was scheduled.</summary>
    Created,

    /// <summary>To the host and every invitee: the meeting changed.</summary>
    Updated,

    /// <summary>To the host and every invitee: the meeting was deleted.</summary>
    Cancelled,

    /// <summary>To an invitee: they were invited (on create, or through the invitees API).</summary>
    Invited,

    /// <summary>To an invitee: they were removed through the invitees API.</summary>
    Removed,
}
