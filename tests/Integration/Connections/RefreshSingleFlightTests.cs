using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Connections;

/// <summary>Two service instances on one database (two hosts on one SQLite file, each with its own DI container, job
/// server and refresher) must never both spend a refresh token: the lease on the connection row keeps them apart.</summary>
public sealed class RefreshSingleFlightTests : IAsyncLifetime
{
    private static readonly TimeSpan Due = TimeSpan.FromHours(1);

    private ZeegWebexHost _first = null!;
    private ZeegWebexHost _second = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["Jobs:TokenRefreshCron"] = SeededConnections.NeverCron };
        _first = await ZeegWebexHost.StartAsync(settings);
        _second = await ZeegWebexHost.StartAsync(settings, _first.Simulator, _first.DataFolder);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    private SimulatorState Webex => _first.Simulator.State;

    [Fact]
    public async Task Two_instances_sweeping_at_once_spend_each_due_refresh_token_once()
    {
        for (var round = 1; round <= 4; round++)
        {
            var user = $"sweep-race-{round}";
            await _first.SeedAsync(user, $"{user}@example.com", Due);
            var callsBefore = Webex.CallCount(SimOperations.TokenRefresh);
            // Both sweeps would reach Webex inside this delay if nothing kept them apart.
            Webex.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Latency, DelayMs: 300, Times: 2));

            var results = await Task.WhenAll(_first.SweepTokensAsync(), _second.SweepTokensAsync());

            Webex.CallCount(SimOperations.TokenRefresh).Should().Be(callsBefore + 1, $"round {round}: one refresh request reached Webex");
            Webex.RefreshGrantsUsedBy($"{user}@example.com").Should().Be(1);
            results.Sum(r => r.Refreshed).Should().Be(1, $"round {round}: one instance refreshed, the other found it busy or done");
            (await _first.ReadStoredTokensAsync(user)).AccessExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow.AddDays(13));
            Webex.ClearFaults();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_instances_needing_a_token_at_once_share_one_refresh(bool force)
    {
        for (var round = 1; round <= 3; round++)
        {
            var user = $"token-race-{force}-{round}";
            var connection = await _first.SeedAsync(user, $"{user}@example.com", force ? TimeSpan.FromDays(10) : Due);
            var callsBefore = Webex.CallCount(SimOperations.TokenRefresh);
            Webex.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Latency, DelayMs: 300, Times: 2));

            // force: both saw Webex answer 401 to the same access token; the second must not refresh again.
            var tokens = await Task.WhenAll(
                AccessTokenAsync(_first, connection.Id, force),
                AccessTokenAsync(_second, connection.Id, force));

            Webex.CallCount(SimOperations.TokenRefresh).Should().Be(callsBefore + 1, $"round {round}: one refresh request reached Webex");
            tokens[0].Should().Be(tokens[1], "the second caller re-read the token the first one stored");
            Webex.ClearFaults();
        }
    }

    private static async Task<string> AccessTokenAsync(ZeegWebexHost host, Guid connectionId, bool force)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ConnectionRefresher>()
            .GetAccessTokenAsync(connectionId, TimeSpan.FromHours(2), force, CancellationToken.None);
    }
}
