using Dapper;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class ConnectionRepository(IDbConnectionFactory connections, ISqlDialect dialect) : IConnectionRepository
{
    private readonly ConnectionStatements _sql = new(dialect);

    public async Task<WebexConnection?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var row = await db.Connection.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(_sql.FindById, new { Id = id }, db.Transaction, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<WebexConnection?> FindByZeegUserAsync(string zeegUserId, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var row = await db.Connection.QuerySingleOrDefaultAsync<ConnectionRow>(
            new CommandDefinition(_sql.FindByZeegUser, new { ZeegUserId = zeegUserId }, db.Transaction, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task AddAsync(WebexConnection connection, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        try
        {
            await db.Connection.ExecuteAsync(new CommandDefinition(_sql.Insert, Parameters(connection), db.Transaction, cancellationToken: ct));
        }
        catch (Exception e) when (dialect.IsUniqueViolation(e))
        {
            throw new DuplicateKeyException($"Zeeg user {connection.ZeegUserId} already has a Webex connection.", e);
        }
    }

    public async Task<bool> UpdateAsync(WebexConnection connection, int expectedVersion, CancellationToken ct)
    {
        var parameters = Parameters(connection);
        parameters.Add("ExpectedVersion", expectedVersion);
        await using var db = await DbSession.OpenAsync(connections, ct);
        return await db.Connection.ExecuteAsync(new CommandDefinition(_sql.Update, parameters, db.Transaction, cancellationToken: ct)) == 1;
    }

    public async Task<IReadOnlyList<Guid>> FindDueForRefreshAsync(RefreshDueCutoffs due, Guid? afterId, int batchSize, CancellationToken ct)
    {
        var parameters = new
        {
            due.AccessExpiresBefore,
            due.RefreshExpiresBefore,
            due.RefreshedBefore,
            // Guid.Empty sorts first on both engines (all-zero bytes; "0000..." text), so it means "from the start"
            // and the predicate stays a plain comparison instead of an "@AfterId IS NULL OR" the planner cannot seek.
            AfterId = afterId ?? Guid.Empty,
            Active = (int)ConnectionStatus.Active,
            Take = batchSize,
        };
        await using var db = await DbSession.OpenAsync(connections, ct);
        var ids = await db.Connection.QueryAsync<Guid>(new CommandDefinition(_sql.DueForRefresh, parameters, db.Transaction, cancellationToken: ct));
        return ids.AsList();
    }

    public async Task<bool> TryClaimRefreshLeaseAsync(Guid id, Guid owner, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        return await db.Connection.ExecuteAsync(new CommandDefinition(
            _sql.ClaimRefreshLease, new { Id = id, Owner = owner, Now = now, Until = until }, db.Transaction, cancellationToken: ct)) == 1;
    }

    public async Task ReleaseRefreshLeaseAsync(Guid id, Guid owner, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        await db.Connection.ExecuteAsync(new CommandDefinition(_sql.ReleaseRefreshLease, new { Id = id, Owner = owner }, db.Transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Guid>> FindSealedWithOtherKeyAsync(string currentKeyId, int batchSize, CancellationToken ct)
    {
        var parameters = new { KeyId = currentKeyId, Active = (int)ConnectionStatus.Active, Take = batchSize };
        await using var db = await DbSession.OpenAsync(connections, ct);
        var ids = await db.Connection.QueryAsync<Guid>(new CommandDefinition(_sql.SealedWithOtherKey, parameters, db.Transaction, cancellationToken: ct));
        return ids.AsList();
    }

    private static DynamicParameters Parameters(WebexConnection c)
    {
        var p = new DynamicParameters();
        p.Add("Id", c.Id);
        p.Add("ZeegUserId", c.ZeegUserId);
        p.Add("WebexPersonId", c.Account.PersonId);
        p.Add("Email", c.Account.Email);
        p.Add("DisplayName", c.Account.DisplayName);
        p.Add("OrgId", c.Account.OrgId);
        p.Add("Status", (int)c.Status);
        p.Add("StatusReason", c.StatusReason);
        p.Add("Scopes", string.Join(' ', c.Scopes));
        p.Add("AccessToken", c.AccessToken?.ToBytes(), System.Data.DbType.Binary);
        p.Add("AccessExpiresAt", c.AccessTokenExpiresAt);
        p.Add("RefreshToken", c.RefreshToken?.ToBytes(), System.Data.DbType.Binary);
        p.Add("RefreshExpiresAt", c.RefreshTokenExpiresAt);
        // Both tokens are sealed together by the same key; the access token's key id stands for the pair.
        p.Add("TokenKeyId", c.AccessToken?.KeyId ?? c.RefreshToken?.KeyId);
        p.Add("TokensRefreshedAt", c.TokensRefreshedAt);
        p.Add("ReconnectNoticeAt", c.ReconnectSoonNoticeAt);
        p.Add("Version", c.Version);
        p.Add("CreatedAt", c.CreatedAt);
        p.Add("UpdatedAt", c.UpdatedAt);
        return p;
    }

    private sealed class ConnectionRow
    {
        public Guid Id { get; init; }
        public string ZeegUserId { get; init; } = "";
        public string WebexPersonId { get; init; } = "";
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string? OrgId { get; init; }
        public int Status { get; init; }
        public string? StatusReason { get; init; }
        public string Scopes { get; init; } = "";
        public byte[]? AccessToken { get; init; }
        public DateTimeOffset? AccessExpiresAt { get; init; }
        public byte[]? RefreshToken { get; init; }
        public DateTimeOffset? RefreshExpiresAt { get; init; }
        public DateTimeOffset? TokensRefreshedAt { get; init; }
        public DateTimeOffset? ReconnectNoticeAt { get; init; }
        public int Version { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public WebexConnection ToDomain() => WebexConnection.Rehydrate(
            Id, ZeegUserId, new WebexAccount(WebexPersonId, Email, DisplayName, OrgId), (ConnectionStatus)Status,
            Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            AccessToken is null ? null : EncryptedToken.FromBytes(AccessToken), AccessExpiresAt,
            RefreshToken is null ? null : EncryptedToken.FromBytes(RefreshToken), RefreshExpiresAt,
            StatusReason, Version, CreatedAt, UpdatedAt, TokensRefreshedAt, ReconnectNoticeAt);
    }
}

internal sealed class ConnectionStatements(ISqlDialect dialect) : ISqlStatements
{
    private const string Columns = """
        id AS Id, zeeg_user_id AS ZeegUserId, webex_person_id AS WebexPersonId, email AS Email,
        display_name AS DisplayName, org_id AS OrgId, status AS Status, status_reason AS StatusReason, scopes AS Scopes,
        access_token AS AccessToken, access_expires_at AS AccessExpiresAt, refresh_token AS RefreshToken,
        refresh_expires_at AS RefreshExpiresAt, tokens_refreshed_at AS TokensRefreshedAt, reconnect_notice_at AS ReconnectNoticeAt,
        version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public string FindById { get; } = $"SELECT {Columns}\nFROM webex_connections WHERE id = @Id";

    public string FindByZeegUser { get; } = $"SELECT {Columns}\nFROM webex_connections WHERE zeeg_user_id = @ZeegUserId";

    public string Insert { get; } = """
        INSERT INTO webex_connections (
            id, zeeg_user_id, webex_person_id, email, display_name, org_id, status, status_reason, scopes,
            access_token, access_expires_at, refresh_token, refresh_expires_at, token_key_id,
            tokens_refreshed_at, reconnect_notice_at, version, created_at, updated_at)
        VALUES (
            @Id, @ZeegUserId, @WebexPersonId, @Email, @DisplayName, @OrgId, @Status, @StatusReason, @Scopes,
            @AccessToken, @AccessExpiresAt, @RefreshToken, @RefreshExpiresAt, @TokenKeyId,
            @TokensRefreshedAt, @ReconnectNoticeAt, @Version, @CreatedAt, @UpdatedAt)
        """;

    // Compare-and-swap on version: the tokens and everything else are written in this one statement or not at all.
    public string Update { get; } = """
        UPDATE webex_connections SET
            webex_person_id = @WebexPersonId, email = @Email, display_name = @DisplayName, org_id = @OrgId,
            status = @Status, status_reason = @StatusReason, scopes = @Scopes,
            access_token = @AccessToken, access_expires_at = @AccessExpiresAt,
            refresh_token = @RefreshToken, refresh_expires_at = @RefreshExpiresAt, token_key_id = @TokenKeyId,
            tokens_refreshed_at = @TokensRefreshedAt, reconnect_notice_at = @ReconnectNoticeAt,
            version = @Version, updated_at = @UpdatedAt
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    // A UNION of two range seeks, one per expiry index; an OR across the two columns would scan the table. The day
    // since the last refresh is a residual filter on each seek (SQL Server carries the column in both indexes).
    // Keyset on id keeps each batch cheap however far the sweep has got. The predicate is RefreshDueCutoffs' rule put so
    // that each half seeks an index; the refresher re-checks WebexConnection.IsDueForRefresh on the row it loads (under
    // the lease) and decides, and RepositoryContractTests hold the two to agreeing on every boundary.
    public string DueForRefresh { get; } = dialect.Page("""
        SELECT due.id
        FROM (
            SELECT id FROM webex_connections
            WHERE access_expires_at < @AccessExpiresBefore AND status = @Active AND id > @AfterId
                AND (tokens_refreshed_at IS NULL OR tokens_refreshed_at <= @RefreshedBefore)
            UNION
            SELECT id FROM webex_connections
            WHERE refresh_expires_at < @RefreshExpiresBefore AND status = @Active AND id > @AfterId
                AND (tokens_refreshed_at IS NULL OR tokens_refreshed_at <= @RefreshedBefore)
        ) AS due
        ORDER BY due.id
        """);

    // One conditional UPDATE is the whole claim: the database serialises writers on the row, so of two processes
    // claiming at once exactly one sees an affected row. The version is left alone: the lease guards who talks to
    // Webex, the version guards what is written.
    public string ClaimRefreshLease { get; } = """
        UPDATE webex_connections SET refresh_lease_owner = @Owner, refresh_lease_until = @Until
        WHERE id = @Id AND (refresh_lease_until IS NULL OR refresh_lease_until <= @Now OR refresh_lease_owner = @Owner)
        """;

    public string ReleaseRefreshLease { get; } = """
        UPDATE webex_connections SET refresh_lease_owner = NULL, refresh_lease_until = NULL
        WHERE id = @Id AND refresh_lease_owner = @Owner
        """;

    // No keyset needed: re-encrypting a row moves it out of this result, so the job always asks for the first batch.
    public string SealedWithOtherKey { get; } = dialect.Page("""
        SELECT id FROM webex_connections
        WHERE token_key_id <> @KeyId AND status = @Active
        ORDER BY id
        """);
}
