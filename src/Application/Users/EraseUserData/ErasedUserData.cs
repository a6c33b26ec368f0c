namespace ZeegWebex.Application.Users.EraseUserData;

/// <summary>What an erasure removed, per kind of record. All zeros when nothing was stored (or it was erased before).</summary>
/// <param name="Connections">The Webex connection: the Webex account's id, e-mail, name and organisation, and the
/// sealed access and refresh tokens.</param>
/// <param name="Meetings">The meetings of the user's events: title, agenda, times, invitees' e-mail addresses and the
/// Webex location details (join link, meeting number, sealed passwords and host key, SIP, dial-in).</param>
/// <param name="PendingAuthorizations">Connects started and not (or no longer) pending: hashes, the sealed PKCE
/// verifier and the return URL.</param>
/// <param name="AuditEntries">The connection history: connects, denials, refresh failures, disconnects.</param>
/// <param name="OutcomeNotices">Outcome webhooks about the user, delivered (kept as a record of the delivery id) or
/// still waiting (their body holds a meeting's details); those waiting are never sent.</param>
public sealed record ErasedUserData(int Connections, int Meetings, int PendingAuthorizations, int AuditEntries, int OutcomeNotices);
