using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Connections;
using ZeegWebex.Application.Connections.StartConnect;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Connections.StartConnect;

public sealed class StartConnectHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakePendingAuthorizationRepository _authorizations = new();
    private readonly ConnectOptions _options = new()
    {
        StateLifetime = TimeSpan.FromMinutes(10), StartLinkLifetime = TimeSpan.FromMinutes(5), ExpiredRetention = TimeSpan.FromDays(7),
        AllowedReturnUrlPrefixes = ["https://app.zeeg.test/"],
    };

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task A_start_stores_one_connect_for_the_user_found_only_by_the_hash_of_its_link()
    {
        var result = await Handle(new StartConnectCommand("zeeg-user-1", "https://app.zeeg.test/settings"));

        var stored = _authorizations.Rows.Should().ContainSingle().Subject;
        stored.ZeegUserId.Should().Be("zeeg-user-1");
        stored.StartHash.Should().Be(OAuthSecrets.Hash(result.StartToken));
        stored.StartHash.Should().NotContain(result.StartToken);
        stored.ReturnUrl.Should().Be("https://app.zeeg.test/settings");
        stored.BindingHash.Should().BeNull("no browser has opened it yet");
        result.StartLinkExpiresAt.Should().Be(Now.AddMinutes(5));
        result.ExpiresAt.Should().Be(Now.AddMinutes(10));
        stored.StartExpiresAt.Should().Be(result.StartLinkExpiresAt);
        stored.ExpiresAt.Should().Be(result.ExpiresAt);
    }

    [Fact]
    public async Task Every_start_hands_out_another_link()
    {
        var first = await Handle(new StartConnectCommand("zeeg-user-1", null));
        var second = await Handle(new StartConnectCommand("zeeg-user-1", null));

        second.StartToken.Should().NotBe(first.StartToken);
    }

    [Fact]
    public async Task The_start_link_never_outlives_the_connect()
    {
        _options.StartLinkLifetime = TimeSpan.FromMinutes(30);

        var result = await Handle(new StartConnectCommand("zeeg-user-1", null));

        result.StartLinkExpiresAt.Should().Be(Now.AddMinutes(10));
    }

    [Fact]
    public async Task A_return_url_outside_the_allowed_prefixes_is_dropped()
    {
        await Handle(new StartConnectCommand("zeeg-user-1", "https://evil.test/phish"));

        _authorizations.Rows.Single().ReturnUrl.Should().BeNull();
    }

    [Fact]
    public async Task Connects_expired_longer_than_the_retention_are_purged_and_recent_ones_kept()
    {
        await _authorizations.AddAsync(new PendingAuthorizationBuilder(Now.AddDays(-8)).WithStartToken("old").StartedAt(Now.AddDays(-8)).Build(), default);
        await _authorizations.AddAsync(new PendingAuthorizationBuilder(Now.AddDays(-1)).WithStartToken("recent").StartedAt(Now.AddDays(-1)).Build(), default);

        await Handle(new StartConnectCommand("zeeg-user-1", null));

        _authorizations.Rows.Select(a => a.StartHash).Should().NotContain(OAuthSecrets.Hash("old")).And.Contain(OAuthSecrets.Hash("recent"));
    }

    private async Task<StartConnectResult> Handle(StartConnectCommand command) =>
        await new StartConnectHandler(new AuthorizationStarter(_authorizations, new FakeTokenProtector(), Options.Create(_options), _clock))
            .Handle(command, CancellationToken.None);
}
