using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Connections.RefreshDueConnections;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The connection as the Zeeg main app reads it, and the token refresh sweep run the way its recurring job runs it.</summary>
public static class ConnectionsApi
{
    /// <summary>GET /api/users/{id}/webex/connection, which must answer 200.</summary>
    public static async Task<JsonElement> GetConnectionAsync(this ZeegWebexHost host, string zeegUserId)
    {
        var response = await host.Client.GetAsync($"/api/users/{zeegUserId}/webex/connection");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>One run of the refresh sweep, through the mediator in a scope of its own (as the recurring job sends it).</summary>
    public static async Task<RefreshDueConnectionsResult> SweepTokensAsync(this ZeegWebexHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RefreshDueConnectionsCommand());
    }
}
