using System.Text.Json;
using Dapper;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>Stores meetings; their join secrets are sealed on every write and opened on every read
/// (<see cref="JoinSecretsSeal"/>), so rows from before sealing are sealed the first time they are written again.</summary>
public sealed class MeetingRepository(IDbConnectionFactory connections, ISqlDialect dialect, ITokenProtector protector)
    : IMeetingRepository, IMeetingJoinSecrets
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly MeetingStatements _sql = new(dialect);

    public async Task<WebexMeeting?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var row = await db.Connection.QuerySingleOrDefaultAsync<MeetingRow>(
            new CommandDefinition(_sql.FindById, new { Id = id }, db.Transaction, cancellationToken: ct));
        return row?.ToDomain(protector);
    }

    public async Task<WebexMeeting?> FindByZeegEventAsync(string zeegEventId, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var row = await db.Connection.QuerySingleOrDefaultAsync<MeetingRow>(
            new CommandDefinition(_sql.FindByZeegEvent, new { ZeegEventId = zeegEventId }, db.Transaction, cancellationToken: ct));
        return row?.ToDomain(protector);
    }

    public async Task AddAsync(WebexMeeting meeting, CancellationToken ct)
    {
        if (!await TryAddAsync(meeting, maxOutstanding: 0, ct))
            throw new InvalidOperationException("A meeting without a backlog limit was refused.");
    }

    public async Task<bool> TryAddAsync(WebexMeeting meeting, int maxOutstanding, CancellationToken ct)
    {
        await using var db = await DbSession.BeginAsync(connections, ct);
        if (meeting.SyncPending)
        {
            // The counter row first, in every transaction that touches it: the conditional increment is the whole
            // admission decision (the engine serialises writers on the row, so concurrent requests, in this process or
            // another, can never take more than the limit), and a common lock order keeps transactions from deadlocking.
            var admitted = maxOutstanding > 0
                ? await db.Connection.ExecuteAsync(new CommandDefinition(
                    _sql.AdmitOutstanding, new { Limit = maxOutstanding }, db.Transaction, cancellationToken: ct)) == 1
                : await AdjustOutstandingAsync(db, +1, ct);
            if (!admitted) return false;
        }

        try
        {
            await db.Connection.ExecuteAsync(new CommandDefinition(_sql.Insert, Parameters(meeting), db.Transaction, cancellationToken: ct));
        }
        catch (Exception e) when (dialect.IsUniqueViolation(e))
        {
            // Disposing the session uncommitted rolls the increment back (or the running unit of work does).
            throw new DuplicateKeyException($"Zeeg event {meeting.ZeegEventId} already has a Webex meeting.", e);
        }

        await db.CommitAsync(ct);
        return true;
    }

    public async Task<bool> TryClaimAsync(WebexMeeting meeting, int expectedVersion, CancellationToken ct)
    {
        await using var db = await DbSession.BeginAsync(connections, ct);
        var claimed = await db.Connection.ExecuteAsync(new CommandDefinition(_sql.Claim, new
        {
            meeting.Id, ExpectedVersion = expectedVersion, meeting.Attempts, meeting.NextAttemptAt, meeting.Version, meeting.UpdatedAt,
        }, db.Transaction, cancellationToken: ct)) == 1;
        if (claimed) await db.CommitAsync(ct);
        return claimed;
    }

    public async Task<bool> UpdateAsync(WebexMeeting meeting, int expectedVersion, CancellationToken ct)
    {
        var parameters = Parameters(meeting);
        parameters.Add("ExpectedVersion", expectedVersion);
        await using var db = await DbSession.BeginAsync(connections, ct);
        // Every write bumps the version, so the row at expectedVersion has one definite sync_pending: the value before
        // this change. If the compare-and-swap below succeeds, that is what it replaced.
        var before = await db.Connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            _sql.SyncPendingAtVersion, new { meeting.Id, ExpectedVersion = expectedVersion }, db.Transaction, cancellationToken: ct));
        if (before is null) return false;
        var delta = (meeting.SyncPending ? 1 : 0) - (before.Value ? 1 : 0);
        if (delta != 0) await AdjustOutstandingAsync(db, delta, ct);
        var updated = await db.Connection.ExecuteAsync(new CommandDefinition(_sql.Update, parameters, db.Transaction, cancellationToken: ct)) == 1;
        if (!updated)
        {
            // Lost the race after all: undo the adjustment (an owned transaction would roll back, a joined one would not).
            if (delta != 0) await AdjustOutstandingAsync(db, -delta, ct);
            return false;
        }

        await db.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset dueBy, int batchSize, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var ids = await db.Connection.QueryAsync<Guid>(
            new CommandDefinition(_sql.Due, new { DueBy = dueBy, Take = batchSize }, db.Transaction, cancellationToken: ct));
        return ids.AsList();
    }

    public async Task<IReadOnlyList<Guid>> FindWaitingForReconnectWithActiveHostAsync(int batchSize, CancellationToken ct)
    {
        var parameters = new
        {
            CancelNotDelivered = (int)MeetingStatus.CancelNotDelivered,
            ChangeNotDelivered = (int)MeetingStatus.ChangeNotDelivered,
            Active = (int)ConnectionStatus.Active,
            Take = batchSize,
        };
        await using var db = await DbSession.OpenAsync(connections, ct);
        var ids = await db.Connection.QueryAsync<Guid>(new CommandDefinition(_sql.WaitingForReconnectWithActiveHost, parameters, db.Transaction, cancellationToken: ct));
        return ids.AsList();
    }

    public async Task<int> CountOutstandingAsync(CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        return await db.Connection.ExecuteScalarAsync<int>(new CommandDefinition(_sql.CountOutstanding, transaction: db.Transaction, cancellationToken: ct));
    }

    public async Task<int> ReadOutstandingCounterAsync(CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        return await db.Connection.ExecuteScalarAsync<int>(new CommandDefinition(_sql.ReadCounter, transaction: db.Transaction, cancellationToken: ct));
    }

    public async Task<(int Counted, int Stored)> ReconcileOutstandingCounterAsync(CancellationToken ct)
    {
        await using var db = await DbSession.BeginAsync(connections, ct);
        // Lock the counter row first: every transaction that changes sync_pending holds it until it commits, so once
        // we have it the count below sees no half-done change, and none can start until we are done.
        await db.Connection.ExecuteAsync(new CommandDefinition(_sql.LockCounter, transaction: db.Transaction, cancellationToken: ct));
        var stored = await db.Connection.ExecuteScalarAsync<int>(new CommandDefinition(_sql.ReadCounter, transaction: db.Transaction, cancellationToken: ct));
        var counted = await db.Connection.ExecuteScalarAsync<int>(new CommandDefinition(_sql.CountOutstanding, transaction: db.Transaction, cancellationToken: ct));
        if (counted != stored)
            await db.Connection.ExecuteAsync(new CommandDefinition(_sql.SetCounter, new { Outstanding = counted }, db.Transaction, cancellationToken: ct));
        await db.CommitAsync(ct);
        return (counted, stored);
    }

    public async Task<IReadOnlyList<Guid>> FindOutstandingForUserAsync(string zeegUserId, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var ids = await db.Connection.QueryAsync<Guid>(
            new CommandDefinition(_sql.OutstandingForUser, new { ZeegUserId = zeegUserId }, db.Transaction, cancellationToken: ct));
        return ids.AsList();
    }

    public async Task<IReadOnlyList<WebexMeeting>> ListForUserAsync(string zeegUserId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var rows = await db.Connection.QueryAsync<MeetingRow>(
            new CommandDefinition(_sql.ListForUser, new { ZeegUserId = zeegUserId, From = from, To = to }, db.Transaction, cancellationToken: ct));
        return rows.Select(r => r.ToDomain(protector)).ToList();
    }

    public async Task<IReadOnlyList<Guid>> FindSealedWithOtherKeyAsync(string currentKeyId, int batchSize, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var ids = await db.Connection.QueryAsync<Guid>(
            new CommandDefinition(_sql.JoinSecretsWithOtherKey, new { KeyId = currentKeyId, Take = batchSize }, db.Transaction, cancellationToken: ct));
        return ids.AsList();
    }

    public async Task<bool> ResealAsync(WebexMeeting meeting, CancellationToken ct)
    {
        var parameters = new DynamicParameters();
        parameters.Add("Id", meeting.Id);
        parameters.Add("ExpectedVersion", meeting.Version);
        AddJoinSecrets(parameters, meeting.Location);
        await using var db = await DbSession.OpenAsync(connections, ct);
        return await db.Connection.ExecuteAsync(new CommandDefinition(_sql.ResealJoinSecrets, parameters, db.Transaction, cancellationToken: ct)) == 1;
    }

    /// <summary>The secrets go into the sealed blob only; the plaintext columns from before sealing are written empty.</summary>
    private void AddJoinSecrets(DynamicParameters p, MeetingLocation? location)
    {
        var sealedSecrets = JoinSecretsSeal.Seal(protector, location);
        p.Add("JoinSecrets", sealedSecrets?.ToBytes(), System.Data.DbType.Binary);
        p.Add("JoinSecretsKeyId", sealedSecrets?.KeyId);
    }

    private async Task<bool> AdjustOutstandingAsync(DbSession db, int delta, CancellationToken ct) =>
        await db.Connection.ExecuteAsync(new CommandDefinition(_sql.AdjustOutstanding, new { Delta = delta }, db.Transaction, cancellationToken: ct)) == 1;

    private DynamicParameters Parameters(WebexMeeting m)
    {
        var p = new DynamicParameters();
        p.Add("Id", m.Id);
        p.Add("ZeegEventId", m.ZeegEventId);
        p.Add("ZeegUserId", m.ZeegUserId);
        p.Add("Status", (int)m.Status);
        p.Add("SyncPending", m.SyncPending);
        p.Add("Title", m.Schedule.Title);
        p.Add("Agenda", m.Schedule.Agenda);
        p.Add("StartAt", m.Schedule.Start);
        p.Add("EndAt", m.Schedule.End);
        p.Add("TimeZone", m.Schedule.TimeZone);
        p.Add("Invitees", JsonSerializer.Serialize(m.Schedule.Invitees, Json));
        p.Add("Attempts", m.Attempts);
        p.Add("NextAttemptAt", m.NextAttemptAt);
        p.Add("LastError", m.LastError);
        p.Add("WebexMeetingId", m.Location?.WebexMeetingId);
        p.Add("MeetingNumber", m.Location?.MeetingNumber);
        p.Add("WebLink", m.Location?.WebLink);
        p.Add("SipAddress", m.Location?.SipAddress);
        AddJoinSecrets(p, m.Location);
        p.Add("TelephonyAccessCode", m.Location?.TelephonyAccessCode);
        p.Add("DialIn", m.Location is null ? null : JsonSerializer.Serialize(m.Location.DialInNumbers, Json));
        p.Add("Version", m.Version);
        p.Add("CreatedAt", m.CreatedAt);
        p.Add("UpdatedAt", m.UpdatedAt);
        return p;
    }

    private sealed class MeetingRow
    {
        public Guid Id { get; init; }
        public string ZeegEventId { get; init; } = "";
        public string ZeegUserId { get; init; } = "";
        public int Status { get; init; }
        public bool SyncPending { get; init; }
        public string Title { get; init; } = "";
        public string? Agenda { get; init; }
        public DateTimeOffset StartAt { get; init; }
        public DateTimeOffset EndAt { get; init; }
        public string TimeZone { get; init; } = "";
        public string Invitees { get; init; } = "[]";
        public int Attempts { get; init; }
        public DateTimeOffset? NextAttemptAt { get; init; }
        public string? LastError { get; init; }
        public string? WebexMeetingId { get; init; }
        public string? MeetingNumber { get; init; }
        public string? WebLink { get; init; }
        public string? Password { get; init; }
        public string? SipAddress { get; init; }
        public string? HostKey { get; init; }
        public string? PhoneVideoPassword { get; init; }
        public byte[]? JoinSecrets { get; init; }
        public string? TelephonyAccessCode { get; init; }
        public string? DialIn { get; init; }
        public int Version { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public WebexMeeting ToDomain(ITokenProtector protector)
        {
            var schedule = new MeetingSchedule(
                Title, StartAt, EndAt, TimeZone, Agenda, JsonSerializer.Deserialize<string[]>(Invitees, Json) ?? []);
            // A Webex meeting id is what makes a location: it is written together with the rest of it by MarkCreated.
            // Rows written before sealing still hold their secrets in the plaintext columns until they are written again.
            var secrets = JoinSecrets is null
                ? new JoinSecretsSeal.JoinSecrets(Password, HostKey, PhoneVideoPassword)
                : JoinSecretsSeal.Open(protector, JoinSecrets);
            var location = WebexMeetingId is null
                ? null
                : new MeetingLocation(
                    WebexMeetingId, MeetingNumber, WebLink ?? "", secrets.Password, SipAddress, secrets.HostKey,
                    DialIn is null ? [] : JsonSerializer.Deserialize<DialInNumber[]>(DialIn, Json) ?? [],
                    secrets.PhoneAndVideoSystemPassword, TelephonyAccessCode);
            return WebexMeeting.Rehydrate(
                Id, ZeegEventId, ZeegUserId, schedule, (MeetingStatus)Status, location, SyncPending, Attempts,
                NextAttemptAt, LastError, Version, CreatedAt, UpdatedAt);
        }
    }
}

internal sealed class MeetingStatements(ISqlDialect dialect) : ISqlStatements
{
    private const string Columns = """
        id AS Id, zeeg_event_id AS ZeegEventId, zeeg_user_id AS ZeegUserId, status AS Status, sync_pending AS SyncPending,
        title AS Title, agenda AS Agenda, start_at AS StartAt, end_at AS EndAt, time_zone AS TimeZone, invitees AS Invitees,
        attempts AS Attempts, next_attempt_at AS NextAttemptAt, last_error AS LastError, webex_meeting_id AS WebexMeetingId,
        meeting_number AS MeetingNumber, web_link AS WebLink, password AS Password, sip_address AS SipAddress,
        host_key AS HostKey, phone_video_password AS PhoneVideoPassword, telephony_access_code AS TelephonyAccessCode,
        join_secrets AS JoinSecrets, dial_in AS DialIn, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public string FindById { get; } = $"SELECT {Columns}\nFROM webex_meetings WHERE id = @Id";

    public string FindByZeegEvent { get; } = $"SELECT {Columns}\nFROM webex_meetings WHERE zeeg_event_id = @ZeegEventId";

    public string Insert { get; } = """
        INSERT INTO webex_meetings (
            id, zeeg_event_id, zeeg_user_id, status, sync_pending, title, agenda, start_at, end_at, time_zone, invitees,
            attempts, next_attempt_at, last_error, webex_meeting_id, meeting_number, web_link, sip_address,
            telephony_access_code, join_secrets, join_secrets_key_id, dial_in, version, created_at, updated_at)
        VALUES (
            @Id, @ZeegEventId, @ZeegUserId, @Status, @SyncPending, @Title, @Agenda, @StartAt, @EndAt, @TimeZone, @Invitees,
            @Attempts, @NextAttemptAt, @LastError, @WebexMeetingId, @MeetingNumber, @WebLink, @SipAddress,
            @TelephonyAccessCode, @JoinSecrets, @JoinSecretsKeyId, @DialIn, @Version, @CreatedAt, @UpdatedAt)
        """;

    public string Update { get; } = """
        UPDATE webex_meetings SET
            status = @Status, sync_pending = @SyncPending, title = @Title, agenda = @Agenda, start_at = @StartAt,
            end_at = @EndAt, time_zone = @TimeZone, invitees = @Invitees, attempts = @Attempts,
            next_attempt_at = @NextAttemptAt, last_error = @LastError, webex_meeting_id = @WebexMeetingId,
            meeting_number = @MeetingNumber, web_link = @WebLink, sip_address = @SipAddress,
            telephony_access_code = @TelephonyAccessCode, join_secrets = @JoinSecrets, join_secrets_key_id = @JoinSecretsKeyId,
            password = NULL, host_key = NULL, phone_video_password = NULL,
            dial_in = @DialIn, version = @Version, updated_at = @UpdatedAt
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    // What WebexMeeting.BeginAttempt changes, and nothing else; a claim is only ever taken on a sync-pending row.
    public string Claim { get; } = """
        UPDATE webex_meetings SET attempts = @Attempts, next_attempt_at = @NextAttemptAt, version = @Version, updated_at = @UpdatedAt
        WHERE id = @Id AND version = @ExpectedVersion AND sync_pending = 1
        """;

    // Only the seal changes, so the version stays: the meeting itself is the same, and a writer holding this version
    // may still write its change (sealing under the current key too).
    public string ResealJoinSecrets { get; } = """
        UPDATE webex_meetings SET
            join_secrets = @JoinSecrets, join_secrets_key_id = @JoinSecretsKeyId,
            password = NULL, host_key = NULL, phone_video_password = NULL
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    // Seeks ix_webex_meetings_join_secrets_key_id; legacy plaintext rows ('') sort first. Re-sealing a row moves it out
    // of this result, so the job always asks for the first batch.
    public string JoinSecretsWithOtherKey { get; } = dialect.Page("""
        SELECT id FROM webex_meetings
        WHERE join_secrets_key_id <> @KeyId
        ORDER BY join_secrets_key_id, id
        """);

    // Seeks ix_webex_meetings_due (sync_pending, next_attempt_at) and reads it in order: most overdue first.
    public string Due { get; } = dialect.Page("""
        SELECT id FROM webex_meetings
        WHERE sync_pending = 1 AND next_attempt_at <= @DueBy
        ORDER BY next_attempt_at, id
        """);

    // Seeks ix_webex_meetings_status: only the few rows waiting for their host's reconnect are read.
    public string WaitingForReconnectWithActiveHost { get; } = dialect.Page("""
        SELECT m.id FROM webex_meetings m
        JOIN webex_connections c ON c.zeeg_user_id = m.zeeg_user_id
        WHERE m.status IN (@CancelNotDelivered, @ChangeNotDelivered) AND c.status = @Active
        ORDER BY m.id
        """);

    // Counts the leading column of ix_webex_meetings_due: cost follows the backlog, not the table. Only the
    // reconciliation runs it; admitting an event reads the maintained counter instead.
    public string CountOutstanding { get; } = "SELECT COUNT(*) FROM webex_meetings WHERE sync_pending = 1";

    public string SyncPendingAtVersion { get; } = "SELECT sync_pending FROM webex_meetings WHERE id = @Id AND version = @ExpectedVersion";

    // meeting_backlog holds one row (id 1): how many meetings are sync-pending, kept in step by every write here.
    public string AdmitOutstanding { get; } = "UPDATE meeting_backlog SET outstanding = outstanding + 1 WHERE id = 1 AND outstanding < @Limit";

    // Never below zero, even if the row drifted; the reconciliation puts it right.
    public string AdjustOutstanding { get; } = AdjustOutstandingSql;

    // Also how erasing a user's data takes their sync-pending meetings out of the backlog (UserDataEraser).
    internal const string AdjustOutstandingSql = """
        UPDATE meeting_backlog SET outstanding = CASE WHEN outstanding + @Delta < 0 THEN 0 ELSE outstanding + @Delta END
        WHERE id = 1
        """;

    public string ReadCounter { get; } = "SELECT outstanding FROM meeting_backlog WHERE id = 1";

    // A write that changes nothing, for its lock on the row.
    public string LockCounter { get; } = "UPDATE meeting_backlog SET outstanding = outstanding WHERE id = 1";

    public string SetCounter { get; } = "UPDATE meeting_backlog SET outstanding = @Outstanding WHERE id = 1";

    // Failed rows are never sync-pending, so the flag alone is "outstanding" (WebexMeeting.IsOutstanding).
    public string OutstandingForUser { get; } = """
        SELECT id FROM webex_meetings
        WHERE zeeg_user_id = @ZeegUserId AND sync_pending = 1
        ORDER BY id
        """;

    // Meetings that start in [From, To): a range seek on ix_webex_meetings_user_start.
    public string ListForUser { get; } = $"""
        SELECT {Columns}
        FROM webex_meetings
        WHERE zeeg_user_id = @ZeegUserId AND start_at >= @From AND start_at < @To
        ORDER BY start_at, id
        """;
}
