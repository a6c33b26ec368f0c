using Dapper;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class PendingAuthorizationRepository(IDbConnectionFactory connections, ISqlDialect dialect) : IPendingAuthorizationRepository
{
    private readonly PendingAuthorizationStatements _sql = new(dialect);

    public async Task AddAsync(PendingAuthorization authorization, CancellationToken ct)
    {
        var parameters = new DynamicParameters();
        parameters.Add("Id", authorization.Id);
        parameters.Add("StateHash", authorization.StateHash);
        parameters.Add("ZeegUserId", authorization.ZeegUserId);
        parameters.Add("CodeVerifier", authorization.CodeVerifier.ToBytes(), System.Data.DbType.Binary);
        parameters.Add("ReturnUrl", authorization.ReturnUrl);
        parameters.Add("CreatedAt", authorization.CreatedAt);
        parameters.Add("ExpiresAt", authorization.ExpiresAt);
        parameters.Add("StartHash", authorization.StartHash);
        parameters.Add("StartExpiresAt", authorization.StartExpiresAt);
        parameters.Add("BindingHash", authorization.BindingHash);
        parameters.Add("OpenedAt", authorization.OpenedAt);
        await using var db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(_sql.Insert, parameters, cancellationToken: ct));
        }
        catch (Exception e) when (dialect.IsUniqueViolation(e))
        {
            throw new DuplicateKeyException("A pending authorization with this state or start link exists already.", e);
        }
    }

    public async Task<PendingAuthorization?> TryOpenAsync(
        string startHash, string newStateHash, string bindingHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        // The conditional UPDATE is the claim, as for the callback: only one caller flips opened_at from NULL.
        var opened = await db.ExecuteAsync(new CommandDefinition(_sql.Open,
            new { StartHash = startHash, NewStateHash = newStateHash, BindingHash = bindingHash, Now = now }, cancellationToken: ct));
        if (opened != 1) return null;
        var row = await db.QuerySingleAsync<AuthorizationRow>(new CommandDefinition(_sql.FindByStartHash, new { StartHash = startHash }, cancellationToken: ct));
        return row.ToDomain();
    }

    public async Task<PendingAuthorization?> TryConsumeAsync(string stateHash, string bindingHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        // The conditional UPDATE is the claim: the engine lets exactly one caller flip consumed_at from NULL,
        // so a replayed or raced callback finds 0 rows and gets nothing; another browser (wrong binding) or a late
        // one (expired) changes nothing either.
        var claimed = await db.ExecuteAsync(new CommandDefinition(_sql.Consume,
            new { StateHash = stateHash, BindingHash = bindingHash, Now = now }, cancellationToken: ct));
        if (claimed != 1) return null;
        var row = await db.QuerySingleAsync<AuthorizationRow>(new CommandDefinition(_sql.FindByStateHash, new { StateHash = stateHash }, cancellationToken: ct));
        return row.ToDomain();
    }

    public async Task<PendingAuthorization?> FindByStateHashAsync(string stateHash, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<AuthorizationRow>(
            new CommandDefinition(_sql.FindByStateHash, new { StateHash = stateHash }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<PendingAuthorization?> FindByStartHashAsync(string startHash, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<AuthorizationRow>(
            new CommandDefinition(_sql.FindByStartHash, new { StartHash = startHash }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<PendingAuthorization?> FindLatestForZeegUserAsync(string zeegUserId, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<AuthorizationRow>(
            new CommandDefinition(_sql.LatestForZeegUser, new { ZeegUserId = zeegUserId, Take = 1 }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset expiredBefore, int batchSize, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(_sql.PurgeExpired, new { Before = expiredBefore, Take = batchSize }, cancellationToken: ct));
    }

    private sealed class AuthorizationRow
    {
        public Guid Id { get; init; }
        public string StateHash { get; init; } = "";
        public string ZeegUserId { get; init; } = "";
        public byte[] CodeVerifier { get; init; } = [];
        public string? ReturnUrl { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public string? StartHash { get; init; }
        public DateTimeOffset? StartExpiresAt { get; init; }
        public string? BindingHash { get; init; }
        public DateTimeOffset? OpenedAt { get; init; }
        public DateTimeOffset? ConsumedAt { get; init; }

        public PendingAuthorization ToDomain() =>
            new(Id, StateHash, ZeegUserId, EncryptedToken.FromBytes(CodeVerifier), ReturnUrl, CreatedAt, ExpiresAt,
                StartHash, StartExpiresAt, BindingHash, OpenedAt, ConsumedAt);
    }
}

internal sealed class PendingAuthorizationStatements(ISqlDialect dialect) : ISqlStatements
{
    private const string Columns = """
        id AS Id, state_hash AS StateHash, zeeg_user_id AS ZeegUserId, code_verifier AS CodeVerifier,
               return_url AS ReturnUrl, created_at AS CreatedAt, expires_at AS ExpiresAt, start_hash AS StartHash,
               start_expires_at AS StartExpiresAt, binding_hash AS BindingHash, opened_at AS OpenedAt, consumed_at AS ConsumedAt
        """;

    public string Insert { get; } = """
        INSERT INTO oauth_authorizations (id, state_hash, zeeg_user_id, code_verifier, return_url, created_at, expires_at, consumed_at,
                                          start_hash, start_expires_at, binding_hash, opened_at)
        VALUES (@Id, @StateHash, @ZeegUserId, @CodeVerifier, @ReturnUrl, @CreatedAt, @ExpiresAt, NULL,
                @StartHash, @StartExpiresAt, @BindingHash, @OpenedAt)
        """;

    public string Open { get; } = """
        UPDATE oauth_authorizations SET state_hash = @NewStateHash, binding_hash = @BindingHash, opened_at = @Now
        WHERE start_hash = @StartHash AND opened_at IS NULL AND consumed_at IS NULL
          AND start_expires_at > @Now AND expires_at > @Now
        """;

    public string Consume { get; } = """
        UPDATE oauth_authorizations SET consumed_at = @Now
        WHERE state_hash = @StateHash AND consumed_at IS NULL AND binding_hash = @BindingHash AND expires_at > @Now
        """;

    public string FindByStateHash { get; } = $"""
        SELECT {Columns}
        FROM oauth_authorizations WHERE state_hash = @StateHash
        """;

    public string FindByStartHash { get; } = $"""
        SELECT {Columns}
        FROM oauth_authorizations WHERE start_hash = @StartHash
        """;

    public string LatestForZeegUser { get; } = dialect.Page($"""
        SELECT {Columns}
        FROM oauth_authorizations WHERE zeeg_user_id = @ZeegUserId
        ORDER BY created_at DESC
        """);

    // Bounded so one purge never holds the write lock for long, whatever piled up; the id sub-select is the portable
    // way to limit a DELETE (SQLite is built without DELETE ... LIMIT, SQL Server has TOP without ORDER BY).
    public string PurgeExpired { get; } = $"""
        DELETE FROM oauth_authorizations
        WHERE id IN ({dialect.Page("""
            SELECT id FROM oauth_authorizations WHERE expires_at < @Before
            ORDER BY expires_at
            """)})
        """;
}
