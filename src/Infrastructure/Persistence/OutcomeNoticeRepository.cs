using Dapper;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>The outbox of outcome notices. A notice's body describes a meeting with its join details (the password and
/// the phone/video-system password among them), so it is stored sealed by the key ring like the meeting's own secrets,
/// and dropped once delivered.</summary>
public sealed class OutcomeNoticeRepository(IDbConnectionFactory connections, ISqlDialect dialect, ITokenProtector protector)
    : IOutcomeNoticeRepository
{
    private readonly OutcomeNoticeStatements _sql = new(dialect);

    public async Task AddAsync(OutcomeNotice notice, CancellationToken ct)
    {
        var parameters = new
        {
            notice.Id, notice.Kind, notice.ZeegUserId, Body = protector.Protect(notice.Body).ToBytes(), notice.CreatedAt, notice.Attempts, notice.NextAttemptAt, notice.DeliveredAt,
            notice.LastError,
        };
        await using var db = await DbSession.OpenAsync(connections, ct);
        await db.Connection.ExecuteAsync(new CommandDefinition(_sql.Insert, parameters, db.Transaction, cancellationToken: ct));
    }

    public async Task<OutcomeNotice?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var row = await db.Connection.QuerySingleOrDefaultAsync<NoticeRow>(
            new CommandDefinition(_sql.FindById, new { Id = id }, db.Transaction, cancellationToken: ct));
        return row?.ToNotice(protector);
    }

    public async Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset dueBy, int batchSize, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var ids = await db.Connection.QueryAsync<Guid>(
            new CommandDefinition(_sql.Due, new { DueBy = dueBy, Take = batchSize }, db.Transaction, cancellationToken: ct));
        return ids.AsList();
    }

    public async Task<OutcomeNotice?> TryClaimAsync(Guid id, Guid owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var claimed = await db.Connection.ExecuteAsync(new CommandDefinition(
            _sql.Claim, new { Id = id, Owner = owner, Now = now, LeaseUntil = leaseUntil }, db.Transaction, cancellationToken: ct));
        if (claimed != 1) return null;
        var row = await db.Connection.QuerySingleOrDefaultAsync<NoticeRow>(
            new CommandDefinition(_sql.FindById, new { Id = id }, db.Transaction, cancellationToken: ct));
        return row?.ToNotice(protector);
    }

    public async Task<bool> MarkDeliveredAsync(Guid id, Guid owner, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        return await db.Connection.ExecuteAsync(new CommandDefinition(
            _sql.MarkDelivered, new { Id = id, Owner = owner, Now = now }, db.Transaction, cancellationToken: ct)) == 1;
    }

    public async Task<bool> RecordFailureAsync(Guid id, Guid owner, string error, DateTimeOffset? retryAt, CancellationToken ct)
    {
        var parameters = new { Id = id, Owner = owner, Error = error.Length > 2000 ? error[..2000] : error, RetryAt = retryAt };
        await using var db = await DbSession.OpenAsync(connections, ct);
        return await db.Connection.ExecuteAsync(new CommandDefinition(_sql.RecordFailure, parameters, db.Transaction, cancellationToken: ct)) == 1;
    }

    public async Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        return await db.Connection.ExecuteAsync(new CommandDefinition(
            _sql.PurgeDelivered, new { DeliveredBefore = deliveredBefore }, db.Transaction, cancellationToken: ct));
    }

    private sealed class NoticeRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string? ZeegUserId { get; init; }
        public byte[]? Body { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset? NextAttemptAt { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
        public string? LastError { get; init; }

        /// <exception cref="TokenDecryptionException">The key that sealed the body is no longer configured.</exception>
        public OutcomeNotice ToNotice(ITokenProtector protector) => new(
            Id, Kind, ZeegUserId, Body is null ? "" : protector.Unprotect(EncryptedToken.FromBytes(Body)), CreatedAt, Attempts, NextAttemptAt, DeliveredAt, LastError);
    }
}

internal sealed class OutcomeNoticeStatements(ISqlDialect dialect) : ISqlStatements
{
    public string Insert { get; } = """
        INSERT INTO outcome_notices (id, kind, zeeg_user_id, body, created_at, attempts, next_attempt_at, delivered_at, last_error)
        VALUES (@Id, @Kind, @ZeegUserId, @Body, @CreatedAt, @Attempts, @NextAttemptAt, @DeliveredAt, @LastError)
        """;

    public string FindById { get; } = """
        SELECT id AS Id, kind AS Kind, zeeg_user_id AS ZeegUserId, body AS Body, created_at AS CreatedAt, attempts AS Attempts,
            next_attempt_at AS NextAttemptAt, delivered_at AS DeliveredAt, last_error AS LastError
        FROM outcome_notices WHERE id = @Id
        """;

    // Seeks ix_outcome_notices_due: delivered and abandoned notices have no next_attempt_at and are not in the range.
    public string Due { get; } = dialect.Page("""
        SELECT id FROM outcome_notices
        WHERE next_attempt_at <= @DueBy
        ORDER BY next_attempt_at, id
        """);

    // One conditional UPDATE is the claim: it moves next_attempt_at to the end of the lease, so of two processes
    // claiming at once exactly one sees an affected row, and the notice is due again by itself if its holder dies.
    public string Claim { get; } = """
        UPDATE outcome_notices SET lease_owner = @Owner, next_attempt_at = @LeaseUntil, attempts = attempts + 1
        WHERE id = @Id AND next_attempt_at <= @Now AND delivered_at IS NULL
        """;

    // The body goes once Zeeg has it: it holds the meeting's join details and invitees, which need not wait here for
    // the purge; the row stays as the record that the delivery id was delivered.
    public string MarkDelivered { get; } = """
        UPDATE outcome_notices SET delivered_at = @Now, next_attempt_at = NULL, lease_owner = NULL, last_error = NULL, body = NULL
        WHERE id = @Id AND lease_owner = @Owner
        """;

    public string RecordFailure { get; } = """
        UPDATE outcome_notices SET next_attempt_at = @RetryAt, lease_owner = NULL, last_error = @Error
        WHERE id = @Id AND lease_owner = @Owner AND delivered_at IS NULL
        """;

    public string PurgeDelivered { get; } = "DELETE FROM outcome_notices WHERE delivered_at < @DeliveredBefore";
}
