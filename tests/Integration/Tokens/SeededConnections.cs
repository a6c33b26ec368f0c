using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Tokens;

/// <summary>Connections made the fast way: the simulator issues real tokens as if the person had consented
/// <c>connectedAgo</c> (two days unless told), and they are stored through the app's own repository, sealed by its own
/// key ring, with the expiries a test needs. Simulator and row agree on the grant's age and lifetimes, so a refresh is
/// real (a new access token) exactly when Webex would make it one.</summary>
internal static class SeededConnections
{
    /// <summary>Never fires: the tests run the sweep themselves, and a background run at a quarter past would race them.</summary>
    public const string NeverCron = "0 0 31 2 *";

    public static async Task<WebexConnection> SeedAsync(
        this ZeegWebexHost host, string zeegUserId, string email, TimeSpan accessExpiresIn, TimeSpan? refreshExpiresIn = null,
        TimeSpan? connectedAgo = null)
    {
        var age = connectedAgo ?? TimeSpan.FromDays(2);
        var refreshIn = refreshExpiresIn ?? TimeSpan.FromDays(80);
        var issued = host.Simulator.State.IssueTokens(email, issuedAgo: age, accessExpiresIn: accessExpiresIn, refreshExpiresIn: refreshIn);
        var person = host.Simulator.State.FindPerson(email)!;
        var protector = host.Services.GetRequiredService<ITokenProtector>();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var connection = WebexConnection.Connect(
            zeegUserId,
            new WebexAccount(person.Id, email, person.DisplayName, person.OrgId),
            Domain.Connections.WebexScopes.Required,
            new TokenGrant(
                protector.Protect(issued.AccessToken), now + accessExpiresIn,
                protector.Protect(issued.RefreshToken), now + refreshIn),
            now - age);
        await host.Services.GetRequiredService<IConnectionRepository>().AddAsync(connection, CancellationToken.None);
        return connection;
    }

    public static async Task<StoredTokens> ReadStoredTokensAsync(this ZeegWebexHost host, string zeegUserId)
    {
        await using var db = new SqliteConnection($"Data Source={host.DatabaseFile}");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = """
            SELECT access_token, access_expires_at, refresh_token, refresh_expires_at, token_key_id, status
            FROM webex_connections WHERE zeeg_user_id = $user
            """;
        command.Parameters.AddWithValue("$user", zeegUserId);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue($"{zeegUserId} has a connection row");
        return new StoredTokens(
            reader.IsDBNull(0) ? null : (byte[])reader[0],
            reader.IsDBNull(1) ? null : DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture),
            reader.IsDBNull(2) ? null : (byte[])reader[2],
            reader.IsDBNull(3) ? null : DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetInt32(5));
    }
}

/// <summary>A webex_connections row's token columns exactly as SQLite holds them.</summary>
internal sealed record StoredTokens(
    byte[]? AccessToken, DateTimeOffset? AccessExpiresAt, byte[]? RefreshToken, DateTimeOffset? RefreshExpiresAt, string? TokenKeyId, int Status);
