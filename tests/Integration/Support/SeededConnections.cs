using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Support;

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
        var rows = await host.QueryAsync("""
            SELECT access_token, access_expires_at, refresh_token, refresh_expires_at, token_key_id, status
            FROM webex_connections WHERE zeeg_user_id = $user
            """,
            row => new StoredTokens(
                row.IsDBNull(0) ? null : (byte[])row[0],
                row.IsDBNull(1) ? null : DateTimeOffset.Parse(row.GetString(1), System.Globalization.CultureInfo.InvariantCulture),
                row.IsDBNull(2) ? null : (byte[])row[2],
                row.IsDBNull(3) ? null : DateTimeOffset.Parse(row.GetString(3), System.Globalization.CultureInfo.InvariantCulture),
                row.IsDBNull(4) ? null : row.GetString(4),
                row.GetInt32(5)),
            ("$user", zeegUserId));
        rows.Should().ContainSingle($"{zeegUserId} has a connection row");
        return rows[0];
    }
}

/// <summary>A webex_connections row's token columns exactly as SQLite holds them.</summary>
internal sealed record StoredTokens(
    byte[]? AccessToken, DateTimeOffset? AccessExpiresAt, byte[]? RefreshToken, DateTimeOffset? RefreshExpiresAt, string? TokenKeyId, int Status);
