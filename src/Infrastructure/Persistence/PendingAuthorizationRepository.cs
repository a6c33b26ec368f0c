using Dapper;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class PendingAuthorizationRepository(IDbConnectionFactory connections, ISqlDialect dialect) : IPendingAuthorizationRepository
{
    private readonly PendingAuthorizationStatements _sql = new();

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
        await using var db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(_sql.Insert, parameters, cancellationToken: ct));
        }
        catch (Exception e) when (dialect.IsUniqueViolation(e))
        {
            throw new DuplicateKeyException("A pending authorization with this state exists already.", e);
        }
    }

    public async Task<PendingAuthorization?> TryConsumeAsync(string stateHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        // The conditional UPDATE is the claim: the engine lets exactly one caller flip consumed_at from NULL,
        // so a replayed or raced callback finds 0 rows and gets nothing. Expiry is the caller's decision.
        var claimed = await db.ExecuteAsync(new CommandDefinition(_sql.Consume, new { StateHash = stateHash, Now = now }, cancellationToken: ct));
        if (claimed != 1) return null;
        var row = await db.QuerySingleAsync<AuthorizationRow>(new CommandDefinition(_sql.FindByStateHash, new { StateHash = stateHash }, cancellationToken: ct));
        return row.ToDomain();
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

        public PendingAuthorization ToDomain() =>
            new(Id, StateHash, ZeegUserId, EncryptedToken.FromBytes(CodeVerifier), ReturnUrl, CreatedAt, ExpiresAt);
    }
}

internal sealed class PendingAuthorizationStatements : ISqlStatements
{
    public string Insert { get; } = """
        INSERT INTO oauth_authorizations (id, state_hash, zeeg_user_id, code_verifier, return_url, created_at, expires_at, consumed_at)
        VALUES (@Id, @StateHash, @ZeegUserId, @CodeVerifier, @ReturnUrl, @CreatedAt, @ExpiresAt, NULL)
        """;

    public string Consume { get; } = """
        UPDATE oauth_authorizations SET consumed_at = @Now
        WHERE state_hash = @StateHash AND consumed_at IS NULL
        """;

    public string FindByStateHash { get; } = """
        SELECT id AS Id, state_hash AS StateHash, zeeg_user_id AS ZeegUserId, code_verifier AS CodeVerifier,
               return_url AS ReturnUrl, created_at AS CreatedAt, expires_at AS ExpiresAt
        FROM oauth_authorizations WHERE state_hash = @StateHash
        """;
}
